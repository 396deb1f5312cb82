/*
 * rule_hop.c
 *		Which hops of a chain of custody a hop rule judges: those in its
 *		roles, the last of them or those processed further elsewhere as the
 *		rule selects, dated on or after its cut-off.
 */
#include "postgres.h"

#include "rule_hop.h"
#include "territory.h"

void
rule_chain_init(RsChain *chain, const Custody *custody)
{
	*chain = (RsChain) {.custody = custody, .last_transforming = -1};
	for (int i = 0; custody != NULL && i < custody->nhops; i++)
	{
		uint16		role = HOP_ROLE_BIT(custody->hops[i].role);

		chain->roles |= role;
		if (role & HOP_TRANSFORMING)
			chain->last_transforming = i;
	}
}

static bool
later_hop_with(const Custody *c, int after, uint16 roles)
{
	for (int i = after + 1; i < c->nhops; i++)
		if (roles & HOP_ROLE_BIT(c->hops[i].role))
			return true;
	return false;
}

/*
 * Whether the goods of hop i were transformed again, later, outside the
 * rule's territory: processed in a third country, not just further along
 * at home.
 */
static bool
transformed_elsewhere_later(const RsChain *chain, const RsRule *r, int i)
{
	const Custody *c = chain->custody;

	for (int k = i + 1; k <= chain->last_transforming; k++)
		if ((HOP_ROLE_BIT(c->hops[k].role) & HOP_TRANSFORMING) &&
			(r->territory < 0 || !territory_contains(r->territory, c->hops[k].territory)))
			return true;
	return false;
}

/*
 * By the hop's role, its position among the hops with the rule's roles, its
 * date.  The declared origin stands in for hops the chain does not have (or
 * when there is no chain), undated, and is never an input processed further.
 */
bool
rule_hop_selected(const RsRule *r, const RsChain *chain, int i)
{
	const CustodyHop *h;

	if (i < 0)
		return (r->hop_roles & chain->roles) == 0 && r->hop_select != HOP_SELECT_EARLIER;
	h = &chain->custody->hops[i];
	if (!(r->hop_roles & HOP_ROLE_BIT(h->role)))
		return false;
	if (r->hop_select == HOP_SELECT_LAST && later_hop_with(chain->custody, i, r->hop_roles))
		return false;
	if (r->hop_select == HOP_SELECT_EARLIER && !transformed_elsewhere_later(chain, r, i))
		return false;
	/* an undated hop cannot show it predates the cut-off */
	return !hop_dated(h) || h->day >= r->hop_date_from;
}
