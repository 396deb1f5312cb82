/*
 * harness.c
 *		The two fuzz targets every embargo type gets: text input and binary
 *		receive, each checking the round trips of whatever it accepts.
 *
 * Text: in(x) either fails with SQLSTATE 22P02 or gives a value v.
 * Binary: recv(b) either fails with 22P03 (or 08P01, data missing) or
 * gives a value v; the server then rejects b unless recv read all of it, and
 * send(v) must give back exactly the bytes recv read.
 *
 * An accepted text must read the same padded with white space.  Every
 * accepted value v must then survive both round trips: its output s is
 * printable ASCII without surrounding white space, in(s) is v byte for byte
 * and out(in(s)) is s; send(v) is read back whole by recv, to v, and sent
 * again to the same bytes.  Neither out nor send may fail, and no function
 * may write to its input.  A failed check is reported by fuzz_fail(), which
 * aborts so that libFuzzer keeps the input.
 */
#include "postgres.h"

#include "fuzz.h"
#include "lib/stringinfo.h"
#include "utils/memutils.h"

/* "22P02" and the like */
static const char *
sqlstate(int code)
{
	static char buf[6];

	for (int i = 0; i < 5; i++)
	{
		buf[i] = PGUNSIXBIT(code);
		code >>= 6;
	}
	buf[5] = '\0';
	return buf;
}

static void
unexpected_error(const char *what, const FuzzError *e)
{
	fuzz_fail("%s raised %s at %s:%d (%s): %s%s%s", what, sqlstate(e->sqlerrcode),
			  e->filename, e->lineno, e->funcname, e->message,
			  e->detail != NULL ? " DETAIL: " : "", e->detail != NULL ? e->detail : "");
}

/* The bytes of a value, in hex, for messages. */
static char *
value_hex(const FuzzType *t, Datum v)
{
	const uint8 *p;
	size_t		len;
	StringInfoData buf;

	if (t->byval)
	{
		uint64		x = (uint64) v;

		return psprintf("0x%0*llx", t->typlen * 2,
						(unsigned long long) (t->typlen == 8 ? x : x & 0xFFFFFFFF));
	}
	p = (const uint8 *) DatumGetPointer(v);
	len = t->typlen > 0 ? (size_t) t->typlen : VARSIZE_ANY(p);
	initStringInfo(&buf);
	for (size_t i = 0; i < len; i++)
		appendStringInfo(&buf, "%02x", p[i]);
	return buf.data;
}

/* Are a and b the same value of t, byte for byte? */
static bool
same_value(const FuzzType *t, Datum a, Datum b)
{
	if (t->byval)
		return a == b;
	if (t->typlen > 0)
		return memcmp(DatumGetPointer(a), DatumGetPointer(b), t->typlen) == 0;
	return VARSIZE_ANY(DatumGetPointer(a)) == VARSIZE_ANY(DatumGetPointer(b)) &&
		memcmp(DatumGetPointer(a), DatumGetPointer(b), VARSIZE_ANY(DatumGetPointer(a))) == 0;
}

/* A varlena value must be a plain one of at least its header's length. */
static void
check_varlena(const char *what, Datum v)
{
	struct varlena *p = (struct varlena *) DatumGetPointer(v);

	if (VARATT_IS_EXTENDED(p) || VARSIZE(p) < VARHDRSZ)
		fuzz_fail("%s gave a malformed varlena (header %08x)", what, *(uint32 *) p);
}

static bool
call_in(const FuzzType *t, const char *s, Datum *v, FuzzError *e)
{
	size_t		len = strlen(s);
	char	   *copy = pstrdup(s);
	bool		ok;

	ok = fuzz_call("in", t->in, 3, CStringGetDatum(copy), ObjectIdGetDatum(InvalidOid),
				   Int32GetDatum(-1), v, e);
	if (strlen(copy) != len || memcmp(copy, s, len) != 0)
		fuzz_fail("%s_in wrote to its input \"%s\"", t->name, s);
	if (ok && !t->byval && t->typlen < 0)
		check_varlena("in", *v);
	return ok;
}

/*
 * recv on size bytes; *used says how many it read.  The buffer ends with a
 * NUL, as the server's do, and is exactly that long.
 */
static bool
call_recv(const FuzzType *t, const char *data, size_t size, Datum *v, FuzzError *e,
		  int *used)
{
	StringInfoData buf;
	bool		ok;

	buf.data = palloc(size + 1);
	memcpy(buf.data, data, size);
	buf.data[size] = '\0';
	buf.len = size;
	buf.maxlen = size + 1;
	buf.cursor = 0;
	ok = fuzz_call("recv", t->recv, 3, PointerGetDatum(&buf), ObjectIdGetDatum(InvalidOid),
				   Int32GetDatum(-1), v, e);
	if (buf.len != (int) size || memcmp(buf.data, data, size) != 0 || buf.data[size] != '\0')
		fuzz_fail("%s_recv wrote to its input", t->name);
	if (buf.cursor < 0 || buf.cursor > buf.len)
		fuzz_fail("%s_recv left the cursor at %d of %d bytes", t->name, buf.cursor, buf.len);
	*used = buf.cursor;
	if (ok && !t->byval && t->typlen < 0)
		check_varlena("recv", *v);
	return ok;
}

/* out(v): must succeed and be printable ASCII, trimmed and non-empty. */
static char *
call_out(const FuzzType *t, Datum v)
{
	Datum		result;
	FuzzError	e;
	const char *s;
	size_t		len;

	if (!fuzz_call("out", t->out, 1, v, 0, 0, &result, &e))
		unexpected_error(psprintf("%s_out(%s)", t->name, value_hex(t, v)), &e);
	s = DatumGetCString(result);
	len = strlen(s);
	if (len == 0 || s[0] == ' ' || s[len - 1] == ' ')
		fuzz_fail("%s_out(%s) gave \"%s\": empty or not trimmed", t->name, value_hex(t, v), s);
	for (size_t i = 0; i < len; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			fuzz_fail("%s_out(%s) gave byte 0x%02x at %zu of \"%s\"", t->name,
					  value_hex(t, v), (unsigned char) s[i], i, s);
	return (char *) s;
}

/* send(v): must succeed; the payload without its varlena header. */
static bytea *
call_send(const FuzzType *t, Datum v)
{
	Datum		result;
	FuzzError	e;

	if (!fuzz_call("send", t->send, 1, v, 0, 0, &result, &e))
		unexpected_error(psprintf("%s_send(%s)", t->name, value_hex(t, v)), &e);
	check_varlena("send", result);
	return (bytea *) DatumGetPointer(result);
}

/*
 * Both round trips of an accepted value v (which came in as text or binary,
 * route says which).
 */
static void
check_round_trips(const FuzzType *t, Datum v, const char *route)
{
	char	   *s = call_out(t, v);
	char	   *s2;
	bytea	   *b = call_send(t, v);
	bytea	   *b2;
	Datum		v2;
	FuzzError	e;
	int			used;

	/* text: in(out(v)) = v and out(in(out(v))) = out(v) */
	if (!call_in(t, s, &v2, &e))
		unexpected_error(psprintf("%s_in(\"%s\"), the output of a value read from %s,",
								  t->name, s, route), &e);
	if (!same_value(t, v, v2))
		fuzz_fail("%s_in(%s_out(v)) != v: v = %s read from %s, out \"%s\", read back as %s",
				  t->name, t->name, value_hex(t, v), route, s, value_hex(t, v2));
	s2 = call_out(t, v2);
	if (strcmp(s, s2) != 0)
		fuzz_fail("%s_out is not stable: \"%s\" reads back and prints as \"%s\"", t->name, s, s2);

	/* binary: recv(send(v)) = v, reading all of it, and send again = same */
	if (!call_recv(t, VARDATA(b), VARSIZE(b) - VARHDRSZ, &v2, &e, &used))
		unexpected_error(psprintf("%s_recv(%s_send(v)), v = \"%s\" read from %s,",
								  t->name, t->name, s, route), &e);
	if (used != (int) (VARSIZE(b) - VARHDRSZ))
		fuzz_fail("%s_recv read %d of the %d bytes %s_send wrote for \"%s\"", t->name,
				  used, (int) (VARSIZE(b) - VARHDRSZ), t->name, s);
	if (!same_value(t, v, v2))
		fuzz_fail("%s_recv(%s_send(v)) != v: v = %s (\"%s\") read from %s, got %s",
				  t->name, t->name, value_hex(t, v), s, route, value_hex(t, v2));
	b2 = call_send(t, v2);
	if (VARSIZE(b) != VARSIZE(b2) || memcmp(b, b2, VARSIZE(b)) != 0)
		fuzz_fail("%s_send is not stable for \"%s\"", t->name, s);
}

/*
 * Every type ignores the six ASCII white-space characters around a value
 * (src/textin.h): an accepted input padded with them reads the same.
 */
static void
check_padded(const FuzzType *t, const char *s, Datum v)
{
	char	   *padded = psprintf(" \t\n\v\f\r%s\r\f\v\n\t ", s);
	Datum		v2;
	FuzzError	e;

	if (!call_in(t, padded, &v2, &e))
		unexpected_error(psprintf("%s_in of \"%s\" padded with white space", t->name, s), &e);
	if (!same_value(t, v, v2))
		fuzz_fail("%s_in(\"%s\") != %s_in of it padded with white space: %s, %s",
				  t->name, s, t->name, value_hex(t, v), value_hex(t, v2));
}

int
fuzz_text_input(const FuzzType *t, const uint8_t *data, size_t size)
{
	static char harness[NAMEDATALEN];
	char	   *s;
	Datum		v;
	FuzzError	e;

	snprintf(harness, sizeof(harness), "%s_in", t->name);
	fuzz_set_input(harness, data, size);
	/* the server never passes a C string with a NUL inside */
	if (memchr(data, '\0', size) != NULL)
		return -1;
	s = palloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if (call_in(t, s, &v, &e))
	{
		check_round_trips(t, v, "text");
		check_padded(t, s, v);
	}
	else if (e.sqlerrcode != ERRCODE_INVALID_TEXT_REPRESENTATION)
		unexpected_error(psprintf("%s_in", t->name), &e);
	fuzz_reset();
	return 0;
}

int
fuzz_binary_input(const FuzzType *t, const uint8_t *data, size_t size)
{
	static char harness[NAMEDATALEN];
	Datum		v;
	FuzzError	e;
	int			used;

	snprintf(harness, sizeof(harness), "%s_recv", t->name);
	fuzz_set_input(harness, data, size);
	if (size > MaxAllocSize - 1)
		return -1;
	if (call_recv(t, (const char *) data, size, &v, &e, &used))
	{
		/*
		 * The server refuses a payload recv did not read to the end; what it
		 * read must still be exactly what send writes for the value.
		 */
		bytea	   *b = call_send(t, v);

		if (VARSIZE(b) - VARHDRSZ != (Size) used || memcmp(VARDATA(b), data, used) != 0)
			fuzz_fail("%s_send(%s_recv(b)) != b: recv read %d bytes and gave %s, send wrote %s",
					  t->name, t->name, used, value_hex(t, v),
					  value_hex(&(FuzzType) {.typlen = -1}, PointerGetDatum(b)));
		check_round_trips(t, v, "binary");
	}
	else if (e.sqlerrcode != ERRCODE_INVALID_BINARY_REPRESENTATION &&
			 e.sqlerrcode != ERRCODE_PROTOCOL_VIOLATION)
		unexpected_error(psprintf("%s_recv", t->name), &e);
	fuzz_reset();
	return 0;
}
