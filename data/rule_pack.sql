------------------------------------------------------------------------------
-- The shipped rule pack (embargo 0.3).
--
-- What this is.  The sanctions and import rules embargo ships, as rows of
-- embargo.rule and embargo.rule_exception, marked shipped.  `make` appends
-- this file to upgrade/embargo--0.2--0.3.sql, so it runs inside CREATE
-- EXTENSION / ALTER EXTENSION UPDATE, in schema embargo, after the tables
-- exist.  Facts and sources: the shared legal facts file, §2 (US, EU, UK, CA,
-- JP, AU), §3 (EU 2017/821, Dodd-Frank §1502, UFLPA) and §4 (HS mapping);
-- every citation names its source key [Sn] from that file.  Nothing here is
-- legal advice: verify against EUR-Lex, OFAC, legislation.gov.uk etc.
--
-- Ids.  Fixed and never reused, grouped by importing jurisdiction:
--   US 1–99, EU 100–199, UK 200–299, CA 300–349, JP 350–399, AU 400–449,
--   conflict minerals, M23 and UFLPA 500–599.
-- Exceptions use the same ranges, by the jurisdiction of their rule.
--
-- Actions.
--   prohibit  an import ban in force on the shipment date;
--   licence   imports need a permit or an approval (JP FEFTA approval,
--             AU sanctions permit);
--   review    someone must look: the fact is uncertain ([U] in the facts
--             file), the goods fall under a quota, a tariff, a due-diligence
--             or disclosure duty, or a transition (wind-down) period whose
--             terms the pack cannot check.
--
-- Conventions.
--   * [U] facts: where the facts file marks a fact uncertain, or leaves out
--     a date or a scope the rule depends on, the rule says `review`, never
--     `prohibit`, for the uncertain part, and its note says what is unsure
--     and which choice was made.  A period whose start is only known to a
--     year is review for that year, prohibit from the next.
--   * Dates are shipment dates, [valid_from, valid_until).  A legal "until
--     D" (a wind-down, an exemption window) is read strictly: the window
--     closes at the start of D, so D itself is under the rule.
--   * Occupied territory.  Territory-wide bans (Crimea, Sevastopol) name the
--     ISO territory only: they apply whoever controls it.  Bans on the
--     non-government-controlled areas of Donetsk, Luhansk, Zaporizhzhia and
--     Kherson oblasts name the oblast with status 'occupied': an origin
--     tagged occupied (a place held by RF, DNR or LNR on the date) gets the
--     rule's action, a contested origin (the oblast alone, or a place whose
--     side is unknown) is capped at `review` by the matcher, and a
--     government-held place (Zaporizhzhia city, Kramatorsk, Kherson city
--     after 11 Nov 2022) is not caught.
--   * Russian origin is territory 'RU'.  Goods from occupied Ukraine are not
--     "Russian origin" here; the territory rules cover them.
--   * The rules as written here judge the declared origin only.  Chains of custody come
--     with 0.5: data/rule_pack_0.5.sql turns some of these rules into hop
--     rules and adds others for the origin of processed goods
--     (third-country processing under EU Art 3g(1)(d), UK Ch 4CA, the
--     diamond thresholds, E.O. 14114, UFLPA "in part"), "exported from" or
--     "transited through" Russia, the s232 smelt/cast country and the mine
--     of 3TG ores; where a note below says something is not modelled, that
--     file may say otherwise.  Still not modelled: entity lists (SDN, UK/EU
--     asset freezes, EU DRC listings incl. Gasabo Gold Refinery, the UFLPA
--     Entity List), quotas and Annex I thresholds.  Notes say where a rule
--     reaches further than the pack can see.
--   * Out of scope: non-mineral goods of the Russia measures (seafood,
--     alcohol, JP's 38 listed goods whose list the facts do not give),
--     tariff-only measures other than s232 aluminium (JP's withdrawal of MFN
--     status), and the other occupied territories of §1 (Abkhazia, South
--     Ossetia, Transnistria, Northern Cyprus, Western Sahara), for which §2
--     gives no import measure of these six jurisdictions.
--
-- Evidence codes (pass them to screen()/explain()); each lifts only the
-- rules it is attached to, only on shipment dates in its window:
--   ua-certificate-of-origin
--       a certificate of origin issued by the Government of Ukraine
--       (EU Reg 692/2014, EU Reg 2022/263, UK SI 2019/855 reg 62).
--   contract-before-YYYY-MM-DD
--       the goods are delivered under a contract concluded before that day,
--       within the instrument's wind-down window:
--       contract-before-2014-06-25 (EU/UK Crimea, until 26 Sep 2014),
--       contract-before-2022-02-23 (EU NGCA Donetsk/Luhansk, until 24 May 2022),
--       contract-before-2023-03-10 (CA steel and aluminium; lifts to review only,
--       see rules 310/311).
--   outside-ru-before-YYYY-MM-DD
--       documents show the goods were outside the Russian Federation
--       (exported from it) before that day:
--       outside-ru-before-2022-06-28 (US gold), outside-ru-before-2024-03-01
--       (US jewellery, GL 103), outside-ru-before-2022-07-21 (UK gold),
--       outside-ru-before-2022-10-29 (UK gold jewellery).
--   metal-produced-before-2024-04-13
--       the aluminium, copper or nickel was produced before 13 Apr 2024 (US).
--   uflpa-exception
--       CBP granted an exception to the UFLPA presumption (clear and
--       convincing evidence, UFLPA §3(b)).
------------------------------------------------------------------------------

ALTER TABLE rule DISABLE TRIGGER protect_shipped;
ALTER TABLE rule_exception DISABLE TRIGGER protect_shipped;

-- Each row: id, jurisdiction, action, territory, status, controller, HS
-- prefixes, valid from, valid until (exclusive); then instrument, article,
-- citation; then the note.
INSERT INTO rule (id, jurisdiction, instrument, article, citation, action, territory, status, controller,
                  hs, valid_from, valid_until, note, shipped)
OVERRIDING SYSTEM VALUE
SELECT id, jurisdiction, instrument, article, citation, action::verdict, territory::territory, status, controller,
       hs::hscode[], valid_from::date, valid_until::date, note, true
FROM (VALUES
	----------------------------------------------------------------------
	-- United States
	----------------------------------------------------------------------
	-- E.O. 13685: Crimea (ARC and Sevastopol)
	(  1, 'US', 'prohibit', 'UA-43', NULL,       NULL,  '{}', '2014-12-19', NULL,
	 'Executive Order 13685', NULL, 'E.O. 13685 (19 Dec 2014); 31 CFR part 589 [S13]',
	 'all goods from Crimea, "directly or indirectly": indirect imports through a third country are not modelled; GL 4 is export-only, so no exception'),
	(  2, 'US', 'prohibit', 'UA-40', NULL,       NULL,  '{}', '2014-12-19', NULL,
	 'Executive Order 13685', NULL, 'E.O. 13685 (19 Dec 2014); 31 CFR part 589 [S13]',
	 'as rule 1, for Sevastopol'),
	-- E.O. 14065: "Covered Regions" (so-called DNR/LNR), and Zaporizhzhia/Kherson (no determination found)
	(  3, 'US', 'prohibit', 'UA-14', 'occupied', NULL,  '{}', '2022-02-21', NULL,
	 'Executive Order 14065', NULL, 'E.O. 14065, 87 FR 10293; OFAC FAQ 1009 [S14]',
	 'so-called DNR: the occupied areas of Donetsk oblast per the control timeline; OFAC defines the region by postal codes and maps, not the oblast (FAQ 1009); a contested origin is capped at review'),
	(  4, 'US', 'prohibit', 'UA-09', 'occupied', NULL,  '{}', '2022-02-21', NULL,
	 'Executive Order 14065', NULL, 'E.O. 14065, 87 FR 10293; OFAC FAQ 1009 [S14]',
	 'so-called LNR: as rule 3, for Luhansk oblast'),
	(  5, 'US', 'review',   'UA-23', 'occupied', NULL,  '{}', '2022-02-21', NULL,
	 'Executive Order 14065', NULL, 'E.O. 14065, 87 FR 10293; OFAC FAQ 1009 [S14]',
	 '[U] E.O. 14065 reaches "such other regions as may be determined"; no determination adding Zaporizhzhia was found, so review, not prohibit'),
	(  6, 'US', 'review',   'UA-65', 'occupied', NULL,  '{}', '2022-02-21', NULL,
	 'Executive Order 14065', NULL, 'E.O. 14065, 87 FR 10293; OFAC FAQ 1009 [S14]',
	 '[U] as rule 5: no determination adding Kherson was found, so review, not prohibit'),
	-- E.O. 14066: Russian energy
	( 10, 'US', 'prohibit', 'RU',    NULL,       NULL,  '{27}', '2022-03-08', NULL,
	 'Executive Order 14066', NULL, 'E.O. 14066 (8 Mar 2022); CBP fact sheet [S15]',
	 'RF crude oil, petroleum, LNG and coal, mapped to chapter 27 as the facts do (incl. metallurgical coal)'),
	-- E.O. 14068 (as amended by E.O. 14114) and its determinations: diamonds, gold, metals
	( 11, 'US', 'review',   'RU',    NULL,       NULL,  '{7102}', '2022-03-11', '2022-03-25',
	 'Executive Order 14068', NULL, 'E.O. 14068 (11 Mar 2022) [S15]',
	 'wind-down to 25 Mar 2022 for existing trade; its terms are not in the facts file, so the window is review (prohibit from 25 Mar, rule 12)'),
	( 12, 'US', 'prohibit', 'RU',    NULL,       NULL,  '{7102}', '2022-03-25', NULL,
	 'Executive Order 14068', NULL, 'E.O. 14068, as amended by E.O. 14114; 89 FR 16450 [S11][S15]',
	 'RF non-industrial diamonds (unsorted too from 1 Mar 2024); the facts map the measure to 7102, which also holds industrial diamonds: check those by hand. Stones cut abroad (>=1.0 ct from 1 Mar 2024, >=0.5 ct from 1 Sep 2024, E.O. 14114) are not modelled'),
	( 13, 'US', 'prohibit', 'RU',    NULL,       NULL,  '{7113}', '2024-03-01', NULL,
	 'Executive Order 14068', 'diamond determinations', 'E.O. 14068 determinations, 89 FR 16450; GL 103 [S11]',
	 'RF jewellery; GL 103 exempts jewellery outside RF before 1 Mar 2024 (evidence outside-ru-before-2024-03-01)'),
	( 14, 'US', 'prohibit', 'RU',    NULL,       NULL,  '{7108}', '2022-06-28', NULL,
	 'Executive Order 14068', 'gold determination', 'E.O. 14068 gold determination (28 Jun 2022); OFAC FAQ 1029 [S10]',
	 'RF-origin gold; excludes gold outside RF before 28 Jun 2022 (evidence outside-ru-before-2022-06-28)'),
	( 15, 'US', 'prohibit', 'RU',    NULL,       NULL,  '{7403,7502,7601}', '2024-04-13', NULL,
	 'Executive Order 14068', 'metals determination', 'E.O. 14068 metals determination (12 Apr 2024); OFAC FAQs 1019, 1168–1172 [S9]',
	 'RF aluminium, copper, nickel produced on or after 13 Apr 2024, incl. FTZ admission: the unwrought metal (7601, 7403, 7502) is surely covered; the rest of chapters 74–76 is review (rule 16) because the exact HTS list is [U]. Metal produced earlier: evidence metal-produced-before-2024-04-13. Goods substantially transformed abroad are not covered'),
	( 16, 'US', 'review',   'RU',    NULL,       NULL,  '{74,75,76}', '2024-04-13', NULL,
	 'Executive Order 14068', 'metals determination', 'E.O. 14068 metals determination (12 Apr 2024); OFAC FAQs 1019, 1168–1172 [S9]',
	 '[U] the exact HTS list of the metals determination is not in the facts file: chapters 74, 75 and 76 are review, their unwrought metal prohibit (rule 15)'),
	-- Proclamation 10522 (s232): a tariff, not a ban
	( 20, 'US', 'review',   'RU',    NULL,       NULL,  '{7601,7604,7605,7606,7607,7608,7609,7614.10.50,7614.90.20,7614.90.40,7614.90.50,7616.99.51,8708.10.30,8708.29.21}', '2023-03-10', NULL,
	 'Proclamation 10522 (Section 232)', NULL, 'Proclamation 10522, 88 FR 13267 [S12]',
	 'a 200% tariff, not a ban and not a licence: review flags the duty and the smelt/cast country declaration. From 10 Apr 2023 it also reaches aluminium smelted or cast in RF and worked elsewhere, which the pack cannot see yet. Goods declared at 6 digits do not match the 8-digit HTS lines'),

	----------------------------------------------------------------------
	-- European Union
	----------------------------------------------------------------------
	-- Reg 692/2014: Crimea and Sevastopol
	(100, 'EU', 'prohibit', 'UA-43', NULL,       NULL,  '{}', '2014-06-25', NULL,
	 'Council Regulation (EU) No 692/2014', 'Art. 2', 'Reg (EU) No 692/2014, Art 2; Decision 2014/386/CFSP [S1]',
	 'goods originating in Crimea (last substantial transformation, Art 1(c)); exceptions: Ukrainian certificate of origin; contracts before 25 Jun 2014 until 26 Sep 2014. Renewed yearly'),
	(101, 'EU', 'prohibit', 'UA-40', NULL,       NULL,  '{}', '2014-06-25', NULL,
	 'Council Regulation (EU) No 692/2014', 'Art. 2', 'Reg (EU) No 692/2014, Art 2; Decision 2014/386/CFSP [S1]',
	 'as rule 100, for Sevastopol'),
	-- Reg 2022/263: non-government-controlled areas ("specified territories")
	(102, 'EU', 'prohibit', 'UA-14', 'occupied', NULL,  '{}', '2022-02-24', NULL,
	 'Council Regulation (EU) 2022/263', 'Art. 2(1)(a)', 'Reg (EU) 2022/263, Art 2(1)(a), 2(2); Decision (CFSP) 2022/266 [S2]',
	 'NGCA of Donetsk oblast; exceptions: Ukrainian certificate of origin; contracts before 23 Feb 2022 until 24 May 2022 (Art 2(2)). A contested origin is capped at review'),
	(103, 'EU', 'prohibit', 'UA-09', 'occupied', NULL,  '{}', '2022-02-24', NULL,
	 'Council Regulation (EU) 2022/263', 'Art. 2(1)(a)', 'Reg (EU) 2022/263, Art 2(1)(a), 2(2); Decision (CFSP) 2022/266 [S2]',
	 'as rule 102, for Luhansk oblast'),
	(104, 'EU', 'prohibit', 'UA-23', 'occupied', NULL,  '{}', '2022-10-06', NULL,
	 'Council Regulation (EU) 2022/263', 'Art. 2(1)(a)', 'Reg (EU) 2022/263, Art 2(1)(a), as amended by Reg (EU) 2022/1903; Decision (CFSP) 2022/1908 [S2]',
	 'NGCA of Zaporizhzhia oblast from 6 Oct 2022; exception: Ukrainian certificate of origin. Any wind-down for contracts under Reg 2022/1903 is not in the facts file and is not modelled. A contested origin (the oblast alone) is capped at review; Zaporizhzhia city is not caught'),
	(105, 'EU', 'prohibit', 'UA-65', 'occupied', NULL,  '{}', '2022-10-06', NULL,
	 'Council Regulation (EU) 2022/263', 'Art. 2(1)(a)', 'Reg (EU) 2022/263, Art 2(1)(a), as amended by Reg (EU) 2022/1903; Decision (CFSP) 2022/1908 [S2]',
	 'as rule 104, for Kherson oblast (Kherson city, held by the government from 11 Nov 2022, is not caught)'),
	-- Reg 833/2014 Art 3g: iron and steel (Annex XVII)
	(110, 'EU', 'review',   'RU',    NULL,       NULL,  '{7206,7207,7208,7209,7210,7211,7212,7213,7214,7215,7216,7217,7218,7219,7220,7221,7222,7223,7224,7225,7226,7227,7228,7229,73}', '2022-01-01', '2023-01-01',
	 'Council Regulation (EU) No 833/2014', 'Art. 3g, Annex XVII', 'Reg (EU) No 833/2014, Art 3g [S3][S4][S5]',
	 '[U] the direct ban came with the 4th package in 2022, exact day (and any wind-down) not in the facts file: all of 2022 is review, prohibit from 2023 (rule 111)'),
	(111, 'EU', 'prohibit', 'RU',    NULL,       NULL,  '{7206,7207,7208,7209,7210,7211,7212,7213,7214,7215,7216,7217,7218,7219,7220,7221,7222,7223,7224,7225,7226,7227,7228,7229,73}', '2023-01-01', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3g, Annex XVII', 'Reg (EU) No 833/2014, Art 3g; Reg (EU) 2023/1214, 2023/2878 [S3][S4][S5]',
	 'RF iron and steel, headings 7206–7229 and chapter 73 as the facts give them; 7201 and 7204 are not Annex XVII goods and 7201/7203 fall under Art 3i (rules 115/116). Third-country goods processed from RF steel (Art 3g(1)(d), from 30 Sep 2023; 7207 11 inputs from 1 Apr 2024, 7207 12 10 and 7224 90 from 1 Oct 2028) are not modelled'),
	(112, 'EU', 'review',   'RU',    NULL,       NULL,  '{7202,7205}', '2022-01-01', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3g, Annex XVII', 'Reg (EU) No 833/2014, Art 3g [S3][S4]',
	 '[U] whether Annex XVII lists ferro-alloys (7202) and granules/powders of pig iron or steel (7205) is not in the facts file: review'),
	-- Art 3i (Annex XXI): pig iron and DRI, copper and aluminium products; primary aluminium
	(115, 'EU', 'review',   'RU',    NULL,       NULL,  '{7201,7203}', '2023-12-18', '2026-01-01',
	 'Council Regulation (EU) No 833/2014', 'Art. 3i, Annex XXI', 'Reg (EU) No 833/2014, Art 3i; Reg (EU) 2023/2878 [S5]',
	 'pig iron, spiegeleisen and DRI under import quotas (1.14 Mt to 31 Dec 2024, 700 kt in 2025): lawful within quota, so review; banned from 2026 (rule 116). The facts give 18/19 Dec 2023 for the start: review from the earlier day'),
	(116, 'EU', 'prohibit', 'RU',    NULL,       NULL,  '{7201,7203}', '2026-01-01', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3i, Annex XXI', 'Reg (EU) No 833/2014, Art 3i; Reg (EU) 2023/2878 [S5]',
	 'pig iron, spiegeleisen and DRI: ban from 2026'),
	(117, 'EU', 'prohibit', 'RU',    NULL,       NULL,  '{7408,7605,7607,7608}', '2023-12-19', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3i, Annex XXI', 'Reg (EU) No 833/2014, Art 3i; Reg (EU) 2023/2878 [S5]',
	 'copper wire (7408), aluminium wire (7605), foil (7607), tubes and pipes (7608), mapped by heading title: Annex XXI''s CN list is not in the facts file. The facts give 18/19 Dec 2023: prohibit from 19 Dec, 18 Dec is review (rule 119)'),
	(119, 'EU', 'review',   'RU',    NULL,       NULL,  '{7408,7605,7607,7608}', '2023-12-18', '2023-12-19',
	 'Council Regulation (EU) No 833/2014', 'Art. 3i, Annex XXI', 'Reg (EU) No 833/2014, Art 3i; Reg (EU) 2023/2878 [S5]',
	 '[U] start 18 or 19 Dec 2023: the uncertain first day is review (prohibit from 19 Dec, rule 117)'),
	(118, 'EU', 'review',   'RU',    NULL,       NULL,  '{7601}', '2025-02-24', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3i (16th package)', 'Reg (EU) No 833/2014, Art 3i (16th package, adopted 24 Feb 2025) [S6]',
	 '[U] primary aluminium: phased ban with a 275,000 t quota for 12 months, full ban "by end-2026" or about 26 Feb 2026 (article and date unverified): review until the date is verified, then raise to prohibit'),
	-- Art 3j: coal (Annex XXII)
	(120, 'EU', 'review',   'RU',    NULL,       NULL,  '{2701,2702,2703,2704,2705,2706,2707,2708}', '2022-04-08', '2022-08-10',
	 'Council Regulation (EU) No 833/2014', 'Art. 3j, Annex XXII', 'Reg (EU) No 833/2014, Art 3j; Reg (EU) 2022/576 [S7]',
	 'Reg 2022/576 of 8 Apr 2022 let existing contracts run to 10 Aug 2022; the contract cut-off date is not in the facts file, so the transition is review (prohibit from 10 Aug, rule 121)'),
	(121, 'EU', 'prohibit', 'RU',    NULL,       NULL,  '{2701,2702,2703,2704,2705,2706,2707,2708}', '2022-08-10', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3j, Annex XXII', 'Reg (EU) No 833/2014, Art 3j; Reg (EU) 2022/576 [S7]',
	 'coal, coke and tars originating in or exported from RF; "exported from Russia" (non-RF origin) is not modelled'),
	-- Art 3o: gold
	(125, 'EU', 'prohibit', 'RU',    NULL,       NULL,  '{7108,7112,7113,7118}', '2022-07-22', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3o', 'Reg (EU) No 833/2014, Art 3o; Reg (EU) 2022/1269 [S7]',
	 'RF gold: unwrought, semi-manufactured, powder, scrap, coins, jewellery. [U] full CN list: only the headings the facts name; third-country-processed jewellery [U] and "exported from Russia" are not modelled. The facts give 21–22 Jul 2022: prohibit from 22 Jul, 21 Jul is review (rule 126)'),
	(126, 'EU', 'review',   'RU',    NULL,       NULL,  '{7108,7112,7113,7118}', '2022-07-21', '2022-07-22',
	 'Council Regulation (EU) No 833/2014', 'Art. 3o', 'Reg (EU) No 833/2014, Art 3o; Reg (EU) 2022/1269 [S7]',
	 '[U] start 21 or 22 Jul 2022: the uncertain first day is review (prohibit from 22 Jul, rule 125)'),
	-- Art 3p: diamonds
	(130, 'EU', 'prohibit', 'RU',    NULL,       NULL,  '{7102,7104,7113}', '2024-01-01', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3p, Annex XXXVIIIA', 'Reg (EU) No 833/2014, Art 3p; Reg (EU) 2023/2878 [S3][S8]',
	 'RF diamonds, also when exported from or transited through RF (not modelled). [U] full list: only 7102, 7104, 7113. Third-country-processed diamonds (>=1.0 ct from 1 Mar 2024; >=0.5 ct or 0.1 g incl. jewellery and watches from 1 Sep 2024) are not modelled'),

	----------------------------------------------------------------------
	-- United Kingdom: Russia (Sanctions) (EU Exit) Regulations 2019, SI 2019/855
	----------------------------------------------------------------------
	-- reg 47: non-government controlled Ukrainian territory; reg 62 certificate exception
	(200, 'UK', 'prohibit', 'UA-43', NULL,       NULL,  '{}', '2014-06-25', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855); before 31 Dec 2020 Reg (EU) No 692/2014', 'reg. 47', 'SI 2019/855 regs 47, 62 [S17]; until 31 Dec 2020 Reg (EU) No 692/2014, Art 2 [S1]',
	 'Crimea (= ARC + Sevastopol): UK law from 31 Dec 2020, the EU regulation applied before; exceptions: Government of Ukraine certificate of origin (reg 62); contracts before 25 Jun 2014 until 26 Sep 2014 (EU era)'),
	(201, 'UK', 'prohibit', 'UA-40', NULL,       NULL,  '{}', '2014-06-25', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855); before 31 Dec 2020 Reg (EU) No 692/2014', 'reg. 47', 'SI 2019/855 regs 47, 62 [S17]; until 31 Dec 2020 Reg (EU) No 692/2014, Art 2 [S1]',
	 'as rule 200, for Sevastopol'),
	(202, 'UK', 'prohibit', 'UA-14', 'occupied', NULL,  '{}', '2022-03-30', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'reg. 47', 'SI 2019/855 regs 47, 62, as amended by the (Amendment) (No. 7) Regulations 2022 [S16][S17]',
	 'non-government controlled Donetsk oblast; exception: certificate of origin (reg 62). A contested origin is capped at review'),
	(203, 'UK', 'prohibit', 'UA-09', 'occupied', NULL,  '{}', '2022-03-30', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'reg. 47', 'SI 2019/855 regs 47, 62, as amended by the (Amendment) (No. 7) Regulations 2022 [S16][S17]',
	 'as rule 202, for Luhansk oblast'),
	(204, 'UK', 'review',   'UA-23', 'occupied', NULL,  '{}', '2022-02-24', '2023-06-20',
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'reg. 47', 'SI 2019/855 reg 47; SI 2023/440, SI 2023/665 [S17]',
	 '[U] the areas are defined by SI 2023/665 (in force 20 Jun 2023, correcting SI 2023/440); an earlier effective date is uncertain, so from the occupation until then: review'),
	(205, 'UK', 'review',   'UA-65', 'occupied', NULL,  '{}', '2022-02-24', '2023-06-20',
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'reg. 47', 'SI 2019/855 reg 47; SI 2023/440, SI 2023/665 [S17]',
	 '[U] as rule 204, for Kherson oblast'),
	(206, 'UK', 'prohibit', 'UA-23', 'occupied', NULL,  '{}', '2023-06-20', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'reg. 47', 'SI 2019/855 regs 47, 62; SI 2023/665 [S17]',
	 'non-government controlled Zaporizhzhia oblast; exception: certificate of origin (reg 62). A contested origin is capped at review; Zaporizhzhia city is not caught'),
	(207, 'UK', 'prohibit', 'UA-65', 'occupied', NULL,  '{}', '2023-06-20', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'reg. 47', 'SI 2019/855 regs 47, 62; SI 2023/665 [S17]',
	 'as rule 206, for Kherson oblast'),
	-- Schedule 3B: iron and steel
	(210, 'UK', 'prohibit', 'RU',    NULL,       NULL,  '{7201,7202,7203,7204,7205,7208,7209,7210,7211,7212,7213,7214,7215,7216,7217,7218,7219,7220,7221,7222,7223,7224,7225,7226,7227,7228,7229,73}', '2022-04-15', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'Sched. 3B', 'SI 2019/855 Sched 3B; SI 2022/452 [S17]',
	 'RF iron and steel, chapters 72/73 as the facts give them, less 7206/7207 (added 2023, rules 211/212). In force 5 pm on 14 Apr 2022: that day is review (rule 213). Third-country-processed goods (Ch 4CA, from 30 Sep 2023) are not modelled'),
	(211, 'UK', 'review',   'RU',    NULL,       NULL,  '{7206,7207}', '2023-04-21', '2023-05-21',
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'Sched. 3B', 'SI 2019/855 Sched 3B [S17]',
	 'semi-finished steel added 21 Apr 2023 with a wind-down to 21 May 2023 whose terms are not in the facts file: review'),
	(212, 'UK', 'prohibit', 'RU',    NULL,       NULL,  '{7206,7207}', '2023-05-21', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'Sched. 3B', 'SI 2019/855 Sched 3B [S17]',
	 'semi-finished steel after the wind-down'),
	(213, 'UK', 'review',   'RU',    NULL,       NULL,  '{7201,7202,7203,7204,7205,7208,7209,7210,7211,7212,7213,7214,7215,7216,7217,7218,7219,7220,7221,7222,7223,7224,7225,7226,7227,7228,7229,73}', '2022-04-14', '2022-04-15',
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'Sched. 3B', 'SI 2019/855 Sched 3B; SI 2022/452 [S17]',
	 'the ban took effect at 5 pm on 14 Apr 2022 and a shipment date carries no time of day: that day is review (prohibit from 15 Apr, rule 210)'),
	-- Chapter 4J: gold
	(215, 'UK', 'prohibit', 'RU',    NULL,       NULL,  '{7108}', '2022-07-21', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'Ch. 4J, reg. 46Z11', 'SI 2019/855 reg 46Z11, inserted by the (Amendment) (No. 14) Regulations 2022 [S17]',
	 'gold originating in RF and exported from it on or after 21 Jul 2022 (earlier exports: evidence outside-ru-before-2022-07-21). The HS scope of "gold" beyond 7108 is not in the facts file. Third-country-processed gold (from 1 Jan 2023) is not modelled'),
	(216, 'UK', 'prohibit', 'RU',    NULL,       NULL,  '{7113}', '2023-01-01', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'Ch. 4J', 'SI 2019/855 Ch 4J [S17]',
	 'gold jewellery exported from RF on or after 29 Oct 2022 (earlier exports: evidence outside-ru-before-2022-10-29)'),
	-- coal and oil
	(220, 'UK', 'prohibit', 'RU',    NULL,       NULL,  '{2701}', '2022-08-10', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', NULL, 'SI 2019/855 [S17]',
	 'RF coal'),
	(221, 'UK', 'review',   'RU',    NULL,       NULL,  '{2702,2703,2704,2705,2706,2707,2708}', '2022-08-10', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', NULL, 'SI 2019/855 [S17]',
	 'coal products: the facts give "ch. 27" without the UK list; the EU''s coal headings (Annex XXII, 2701–2708) beyond coal itself are review'),
	(222, 'UK', 'prohibit', 'RU',    NULL,       NULL,  '{2709,2710}', '2022-12-31', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', NULL, 'SI 2019/855 [S17]',
	 'RF crude and refined oil; other chapter 27 goods are not in the facts file'),
	-- Schedule 3BA: metals
	(225, 'UK', 'review',   'RU',    NULL,       NULL,  '{74,75,76,78,79,80,8101,8102,8103,8104,8105,8106,8109,8110,8111,8112.12,8112.13,8112.19}', '2023-12-15', '2023-12-26',
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'Sched. 3BA, regs. 46IF–46II', 'SI 2019/855 Sched 3BA; gov.uk NTI 2953 [S16]',
	 '[U] the metals ban took effect in Dec 2023, in part on 15 Dec and in part on 26 Dec; which goods when is not in the facts file: review until 26 Dec'),
	(226, 'UK', 'prohibit', 'RU',    NULL,       NULL,  '{74,75,76,78,79,80,8101,8102,8103,8104,8105,8106,8109,8110,8111,8112.12,8112.13,8112.19}', '2023-12-26', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'Sched. 3BA, regs. 46IF–46II', 'SI 2019/855 Sched 3BA; gov.uk NTI 2953 [S16]',
	 'RF Cu 74, Ni 75, Al 76, Pb 78, Zn 79, Sn 80, W 8101, Mo 8102, Ta 8103, Mg 8104, Co 8105, Bi 8106, Zr 8109, Sb 8110, Mn 8111, Be 8112.1x (8112.12/.13/.19), mapped to chapters and headings per the facts table; cermets and base-metal articles of the schedule are not mapped; "located in Russia" is not modelled'),
	-- diamonds
	(230, 'UK', 'prohibit', 'RU',    NULL,       NULL,  '{7102,7104,7113}', '2024-01-01', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', NULL, 'SI 2019/855; gov.uk diamonds guidance [S16]',
	 'RF diamonds; processed abroad (>=1 ct from 1 Mar 2024, >=0.5 ct from 1 Sep 2024, regs 46Z16Q–R; synthetic 7104 21/91 from 24 Apr 2025) not modelled'),

	----------------------------------------------------------------------
	-- Canada
	----------------------------------------------------------------------
	-- SEMA (Ukraine) Regulations: Crimea region, DNR/LNR, occupied regions
	(300, 'CA', 'review',   'UA-43', NULL,       NULL,  '{}', '2014-02-20', '2022-02-24',
	 'Special Economic Measures (Ukraine) Regulations, SOR/2014-60', 's. 4.1', 'SOR/2014-60 s. 4.1 [S18]',
	 '[U] the date s. 4.1 (Crimea region) took effect is not in the facts file; it was in force when SOR/2022-28 added DNR/LNR (24 Feb 2022): review from the occupation until then, prohibit after (rule 302)'),
	(301, 'CA', 'review',   'UA-40', NULL,       NULL,  '{}', '2014-02-20', '2022-02-24',
	 'Special Economic Measures (Ukraine) Regulations, SOR/2014-60', 's. 4.1', 'SOR/2014-60 s. 4.1 [S18]',
	 '[U] as rule 300, for Sevastopol'),
	(302, 'CA', 'prohibit', 'UA-43', NULL,       NULL,  '{}', '2022-02-24', NULL,
	 'Special Economic Measures (Ukraine) Regulations, SOR/2014-60', 's. 4.1', 'SOR/2014-60 s. 4.1 [S18]',
	 'goods from the Crimea region (ARC and Sevastopol, incl. territorial sea)'),
	(303, 'CA', 'prohibit', 'UA-40', NULL,       NULL,  '{}', '2022-02-24', NULL,
	 'Special Economic Measures (Ukraine) Regulations, SOR/2014-60', 's. 4.1', 'SOR/2014-60 s. 4.1 [S18]',
	 'as rule 302, for Sevastopol'),
	(304, 'CA', 'prohibit', 'UA-14', 'occupied', NULL,  '{}', '2022-02-24', NULL,
	 'Special Economic Measures (Ukraine) Regulations, SOR/2014-60', NULL, 'SOR/2014-60, as amended by SOR/2022-28 [S18]',
	 'so-called DNR, added 24 Feb 2022; a contested origin is capped at review'),
	(305, 'CA', 'prohibit', 'UA-09', 'occupied', NULL,  '{}', '2022-02-24', NULL,
	 'Special Economic Measures (Ukraine) Regulations, SOR/2014-60', NULL, 'SOR/2014-60, as amended by SOR/2022-28 [S18]',
	 'so-called LNR, as rule 304'),
	(306, 'CA', 'prohibit', 'UA-23', 'occupied', NULL,  '{}', '2022-09-29', NULL,
	 'Special Economic Measures (Ukraine) Regulations, SOR/2014-60', 's. 4.2', 'SOR/2014-60 s. 4.2, as amended by SOR/2022-202 [S18]',
	 'RF-occupied areas of Zaporizhzhia oblast ("occupied region"); a contested origin is capped at review'),
	(307, 'CA', 'prohibit', 'UA-65', 'occupied', NULL,  '{}', '2022-09-29', NULL,
	 'Special Economic Measures (Ukraine) Regulations, SOR/2014-60', 's. 4.2', 'SOR/2014-60 s. 4.2, as amended by SOR/2022-202 [S18]',
	 'as rule 306, for Kherson oblast'),
	-- SEMA (Russia) Regulations: steel and aluminium; gold
	(310, 'CA', 'prohibit', 'RU',    NULL,       NULL,  '{72,73,76}', '2023-03-10', NULL,
	 'Special Economic Measures (Russia) Regulations', 's. 3.14, Sched. 11', 'SEMA (Russia) Regs s. 3.14, Sched 11; SOR/2023-46 [S18]',
	 'RF steel and aluminium, mapped to chapters 72, 73 and 76 (Schedule 11''s list is not in the facts file). Earlier contracts are exempt but the terms are not in the facts file: evidence contract-before-2023-03-10 lifts this rule to the review of rule 311'),
	(311, 'CA', 'review',   'RU',    NULL,       NULL,  '{72,73,76}', '2023-03-10', NULL,
	 'Special Economic Measures (Russia) Regulations', 's. 3.14, Sched. 11', 'SEMA (Russia) Regs s. 3.14, Sched 11; SOR/2023-46 [S18]',
	 'floor under rule 310: a shipment under an earlier contract stays under review'),
	(315, 'CA', 'prohibit', 'RU',    NULL,       NULL,  '{7108}', '2022-07-14', NULL,
	 'Special Economic Measures (Russia) Regulations', NULL, 'SEMA (Russia) Regs [S18]',
	 'RF gold, mapped to 7108'),

	----------------------------------------------------------------------
	-- Japan: Foreign Exchange and Foreign Trade Act (FEFTA)
	----------------------------------------------------------------------
	(350, 'JP', 'licence',  'UA-43', NULL,       NULL,  '{}', '2014-08-05', NULL,
	 'Foreign Exchange and Foreign Trade Act (FEFTA)', NULL, 'FEFTA import approval, Crimea [S19]',
	 'approval system on all goods originating in Crimea'),
	(351, 'JP', 'licence',  'UA-40', NULL,       NULL,  '{}', '2014-08-05', NULL,
	 'Foreign Exchange and Foreign Trade Act (FEFTA)', NULL, 'FEFTA import approval, Crimea [S19]',
	 'as rule 350, for Sevastopol'),
	(352, 'JP', 'review',   'UA-14', 'occupied', NULL,  '{}', '2022-02-23', NULL,
	 'Foreign Exchange and Foreign Trade Act (FEFTA)', NULL, 'FEFTA; MOFA announcement 23–24 Feb 2022 [S19]',
	 '[U] import ban on "DNR" announced 23–24 Feb 2022, in-force date unverified: review, not prohibit'),
	(353, 'JP', 'review',   'UA-09', 'occupied', NULL,  '{}', '2022-02-23', NULL,
	 'Foreign Exchange and Foreign Trade Act (FEFTA)', NULL, 'FEFTA; MOFA announcement 23–24 Feb 2022 [S19]',
	 '[U] as rule 352, for "LNR"'),
	(360, 'JP', 'review',   'RU',    NULL,       NULL,  '{7108}', '2022-07-25', NULL,
	 'Foreign Exchange and Foreign Trade Act (FEFTA)', NULL, 'FEFTA [S19]',
	 '[U] RF gold import ban of 25 Jul 2022, unverified: review, not prohibit'),

	----------------------------------------------------------------------
	-- Australia: Autonomous Sanctions Regulations 2011
	----------------------------------------------------------------------
	(400, 'AU', 'review',   'UA-43', NULL,       NULL,  '{}', '2014-02-20', '2016-01-01',
	 'Autonomous Sanctions Regulations 2011', NULL, 'Autonomous Sanctions Regulations 2011 [S20]',
	 '[U] the facts date the Crimea measure only to "2014/15": review until it is surely in force, permit required from 2016 (rule 402)'),
	(401, 'AU', 'review',   'UA-40', NULL,       NULL,  '{}', '2014-02-20', '2016-01-01',
	 'Autonomous Sanctions Regulations 2011', NULL, 'Autonomous Sanctions Regulations 2011 [S20]',
	 '[U] as rule 400, for Sevastopol'),
	(402, 'AU', 'licence',  'UA-43', NULL,       NULL,  '{}', '2016-01-01', NULL,
	 'Autonomous Sanctions Regulations 2011', NULL, 'Autonomous Sanctions Regulations 2011 [S20]',
	 'import, purchase and transport of all goods from Crimea need a permit'),
	(403, 'AU', 'licence',  'UA-40', NULL,       NULL,  '{}', '2016-01-01', NULL,
	 'Autonomous Sanctions Regulations 2011', NULL, 'Autonomous Sanctions Regulations 2011 [S20]',
	 'as rule 402, for Sevastopol'),
	(404, 'AU', 'licence',  'UA-14', 'occupied', NULL,  '{}', '2022-03-28', NULL,
	 'Autonomous Sanctions Regulations 2011', NULL, 'Autonomous Sanctions Regulations 2011 [S20]',
	 'Donetsk: all goods need a permit from 28 Mar 2022; a contested origin is capped at review'),
	(405, 'AU', 'licence',  'UA-09', 'occupied', NULL,  '{}', '2022-03-28', NULL,
	 'Autonomous Sanctions Regulations 2011', NULL, 'Autonomous Sanctions Regulations 2011 [S20]',
	 'Luhansk: as rule 404'),
	(406, 'AU', 'review',   'UA-23', 'occupied', NULL,  '{}', '2022-02-24', NULL,
	 'Autonomous Sanctions Regulations 2011', NULL, 'Autonomous Sanctions Regulations 2011 [S20]',
	 '[U] Zaporizhzhia is reported as not listed, unverified: occupied areas are review'),
	(407, 'AU', 'review',   'UA-65', 'occupied', NULL,  '{}', '2022-02-24', NULL,
	 'Autonomous Sanctions Regulations 2011', NULL, 'Autonomous Sanctions Regulations 2011 [S20]',
	 '[U] Kherson is reported as not listed, unverified: occupied areas are review'),
	(410, 'AU', 'review',   'RU',    NULL,       NULL,  '{27}', '2022-01-01', '2023-01-01',
	 'Autonomous Sanctions Regulations 2011', NULL, 'Autonomous Sanctions Regulations 2011; RF ch. 27 designation [S20]',
	 '[U] RF chapter 27 goods were designated in 2022, day not in the facts file: all of 2022 is review, prohibit from 2023 (rule 411)'),
	(411, 'AU', 'prohibit', 'RU',    NULL,       NULL,  '{27}', '2023-01-01', NULL,
	 'Autonomous Sanctions Regulations 2011', NULL, 'Autonomous Sanctions Regulations 2011; RF ch. 27 designation [S20]',
	 'RF oil, gas, coal and other chapter 27 goods'),
	(415, 'AU', 'prohibit', 'RU',    NULL,       NULL,  '{7108}', '2022-09-30', NULL,
	 'Autonomous Sanctions Regulations 2011', NULL, 'Autonomous Sanctions Regulations 2011; RF gold designation [S20]',
	 'RF gold (7108)'),

	----------------------------------------------------------------------
	-- Conflict minerals: EU Reg 2017/821 (due diligence, not a ban), Annex I
	-- 3TG, from the DRC and the nine adjoining covered countries of §1502
	----------------------------------------------------------------------
	(500, 'EU', 'review',   'CD',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,7108,8001,8003,8007,8101,8103}', '2021-01-01', NULL,
	 'Regulation (EU) 2017/821', 'Arts. 4–7, Annex I', 'Reg (EU) 2017/821, Arts 4–7, Annex I; Del. Reg (EU) 2020/1588 [S21]',
	 'not an import ban: Union importers above the Annex I volume thresholds (not modelled) owe OECD-based CAHRA due diligence, audit and disclosure. "ex" headings are taken whole. Incl. the M23-held parts of North and South Kivu (see rule 541)'),
	(501, 'EU', 'review',   'AO',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,7108,8001,8003,8007,8101,8103}', '2021-01-01', NULL,
	 'Regulation (EU) 2017/821', 'Arts. 4–7, Annex I', 'Reg (EU) 2017/821, Arts 4–7, Annex I; Del. Reg (EU) 2020/1588 [S21]',
	 'as rule 500; the regulation has no country list (CAHRAs): the DRC''s neighbours are taken from the §1502 covered countries'),
	(502, 'EU', 'review',   'BI',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,7108,8001,8003,8007,8101,8103}', '2021-01-01', NULL,
	 'Regulation (EU) 2017/821', 'Arts. 4–7, Annex I', 'Reg (EU) 2017/821, Arts 4–7, Annex I; Del. Reg (EU) 2020/1588 [S21]',
	 'as rule 501'),
	(503, 'EU', 'review',   'CF',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,7108,8001,8003,8007,8101,8103}', '2021-01-01', NULL,
	 'Regulation (EU) 2017/821', 'Arts. 4–7, Annex I', 'Reg (EU) 2017/821, Arts 4–7, Annex I; Del. Reg (EU) 2020/1588 [S21]',
	 'as rule 501'),
	(504, 'EU', 'review',   'CG',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,7108,8001,8003,8007,8101,8103}', '2021-01-01', NULL,
	 'Regulation (EU) 2017/821', 'Arts. 4–7, Annex I', 'Reg (EU) 2017/821, Arts 4–7, Annex I; Del. Reg (EU) 2020/1588 [S21]',
	 'as rule 501'),
	(505, 'EU', 'review',   'RW',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,7108,8001,8003,8007,8101,8103}', '2021-01-01', NULL,
	 'Regulation (EU) 2017/821', 'Arts. 4–7, Annex I', 'Reg (EU) 2017/821, Arts 4–7, Annex I; Del. Reg (EU) 2020/1588 [S21]',
	 'as rule 501; UN Group of Experts reports Rubaya coltan smuggled to Rwanda [S37]'),
	(506, 'EU', 'review',   'SS',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,7108,8001,8003,8007,8101,8103}', '2021-01-01', NULL,
	 'Regulation (EU) 2017/821', 'Arts. 4–7, Annex I', 'Reg (EU) 2017/821, Arts 4–7, Annex I; Del. Reg (EU) 2020/1588 [S21]',
	 'as rule 501'),
	(507, 'EU', 'review',   'TZ',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,7108,8001,8003,8007,8101,8103}', '2021-01-01', NULL,
	 'Regulation (EU) 2017/821', 'Arts. 4–7, Annex I', 'Reg (EU) 2017/821, Arts 4–7, Annex I; Del. Reg (EU) 2020/1588 [S21]',
	 'as rule 501'),
	(508, 'EU', 'review',   'UG',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,7108,8001,8003,8007,8101,8103}', '2021-01-01', NULL,
	 'Regulation (EU) 2017/821', 'Arts. 4–7, Annex I', 'Reg (EU) 2017/821, Arts 4–7, Annex I; Del. Reg (EU) 2020/1588 [S21]',
	 'as rule 501'),
	(509, 'EU', 'review',   'ZM',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,7108,8001,8003,8007,8101,8103}', '2021-01-01', NULL,
	 'Regulation (EU) 2017/821', 'Arts. 4–7, Annex I', 'Reg (EU) 2017/821, Arts 4–7, Annex I; Del. Reg (EU) 2020/1588 [S21]',
	 'as rule 501'),
	-- US Dodd-Frank §1502 (disclosure by SEC issuers, not an import control): 3TG from the 10 covered countries
	(520, 'US', 'review',   'CD',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,2841.80,7108,8001,8002,8003,8007,8101,8103}', '2012-08-22', NULL,
	 'Dodd-Frank Act §1502; SEC Rule 13p-1', '§1502; 15 USC 78m(p)', 'Dodd-Frank §1502, 15 USC 78m(p); SEC Rule 13p-1, Form SD (Rel. 34-67716, 22 Aug 2012) [S22]',
	 'not an import control: SEC issuers report 3TG from the covered countries on Form SD (due 31 May, first 2014); review flags the goods. 3TG = cassiterite, columbite-tantalite, gold, wolframite and derivatives, mapped along the §4 chains. Incl. the M23-held parts of the Kivus (see rule 540)'),
	(521, 'US', 'review',   'AO',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,2841.80,7108,8001,8002,8003,8007,8101,8103}', '2012-08-22', NULL,
	 'Dodd-Frank Act §1502; SEC Rule 13p-1', '§1502; 15 USC 78m(p)', 'Dodd-Frank §1502, 15 USC 78m(p); SEC Rule 13p-1, Form SD (Rel. 34-67716, 22 Aug 2012) [S22]',
	 'as rule 520: a covered country adjoining the DRC'),
	(522, 'US', 'review',   'BI',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,2841.80,7108,8001,8002,8003,8007,8101,8103}', '2012-08-22', NULL,
	 'Dodd-Frank Act §1502; SEC Rule 13p-1', '§1502; 15 USC 78m(p)', 'Dodd-Frank §1502, 15 USC 78m(p); SEC Rule 13p-1, Form SD (Rel. 34-67716, 22 Aug 2012) [S22]',
	 'as rule 521'),
	(523, 'US', 'review',   'CF',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,2841.80,7108,8001,8002,8003,8007,8101,8103}', '2012-08-22', NULL,
	 'Dodd-Frank Act §1502; SEC Rule 13p-1', '§1502; 15 USC 78m(p)', 'Dodd-Frank §1502, 15 USC 78m(p); SEC Rule 13p-1, Form SD (Rel. 34-67716, 22 Aug 2012) [S22]',
	 'as rule 521'),
	(524, 'US', 'review',   'CG',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,2841.80,7108,8001,8002,8003,8007,8101,8103}', '2012-08-22', NULL,
	 'Dodd-Frank Act §1502; SEC Rule 13p-1', '§1502; 15 USC 78m(p)', 'Dodd-Frank §1502, 15 USC 78m(p); SEC Rule 13p-1, Form SD (Rel. 34-67716, 22 Aug 2012) [S22]',
	 'as rule 521'),
	(525, 'US', 'review',   'RW',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,2841.80,7108,8001,8002,8003,8007,8101,8103}', '2012-08-22', NULL,
	 'Dodd-Frank Act §1502; SEC Rule 13p-1', '§1502; 15 USC 78m(p)', 'Dodd-Frank §1502, 15 USC 78m(p); SEC Rule 13p-1, Form SD (Rel. 34-67716, 22 Aug 2012) [S22]',
	 'as rule 521'),
	(526, 'US', 'review',   'SS',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,2841.80,7108,8001,8002,8003,8007,8101,8103}', '2012-08-22', NULL,
	 'Dodd-Frank Act §1502; SEC Rule 13p-1', '§1502; 15 USC 78m(p)', 'Dodd-Frank §1502, 15 USC 78m(p); SEC Rule 13p-1, Form SD (Rel. 34-67716, 22 Aug 2012) [S22]',
	 'as rule 521'),
	(527, 'US', 'review',   'TZ',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,2841.80,7108,8001,8002,8003,8007,8101,8103}', '2012-08-22', NULL,
	 'Dodd-Frank Act §1502; SEC Rule 13p-1', '§1502; 15 USC 78m(p)', 'Dodd-Frank §1502, 15 USC 78m(p); SEC Rule 13p-1, Form SD (Rel. 34-67716, 22 Aug 2012) [S22]',
	 'as rule 521'),
	(528, 'US', 'review',   'UG',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,2841.80,7108,8001,8002,8003,8007,8101,8103}', '2012-08-22', NULL,
	 'Dodd-Frank Act §1502; SEC Rule 13p-1', '§1502; 15 USC 78m(p)', 'Dodd-Frank §1502, 15 USC 78m(p); SEC Rule 13p-1, Form SD (Rel. 34-67716, 22 Aug 2012) [S22]',
	 'as rule 521'),
	(529, 'US', 'review',   'ZM',    NULL,       NULL,  '{2609,2611,2615.90,2616.90,2825.90,2841.80,7108,8001,8002,8003,8007,8101,8103}', '2012-08-22', NULL,
	 'Dodd-Frank Act §1502; SEC Rule 13p-1', '§1502; 15 USC 78m(p)', 'Dodd-Frank §1502, 15 USC 78m(p); SEC Rule 13p-1, Form SD (Rel. 34-67716, 22 Aug 2012) [S22]',
	 'as rule 521'),
	-- AFC/M23-held origins: 3TG, every jurisdiction (UN sanctions context; no import ban stated)
	(540, 'US', 'review',   NULL,    NULL,       'M23', '{2609,2611,2615.90,2616.90,2825.90,2841.80,7108,8001,8002,8003,8007,8101,8103}', NULL, NULL,
	 'UN Security Council DRC sanctions regime', NULL, 'M23 is UN-sanctioned [S39]; UN Group of Experts on Rubaya coltan [S37]',
	 '3TG from areas held by AFC/M23 (Rubaya from 30 Apr 2024, Goma, Bukavu): M23 levies on the trade (UN GoE: >=US$800k/month, "most significant contamination" of 3T chains). The facts state no import ban, so review; contested origins match too'),
	(541, 'EU', 'review',   NULL,    NULL,       'M23', '{2609,2611,2615.90,2616.90,2825.90,2841.80,7108,8001,8002,8003,8007,8101,8103}', NULL, NULL,
	 'UN Security Council DRC sanctions regime; EU DRC sanctions regime', NULL, 'M23 is UN-sanctioned; EU DRC regime listings of 17 Mar 2025 (M23 leaders, Gasabo Gold Refinery) [S39]; UN Group of Experts [S37]',
	 'as rule 540; the EU listings are asset freezes on persons and entities, not modelled here'),
	(542, 'UK', 'review',   NULL,    NULL,       'M23', '{2609,2611,2615.90,2616.90,2825.90,2841.80,7108,8001,8002,8003,8007,8101,8103}', NULL, NULL,
	 'UN Security Council DRC sanctions regime', NULL, 'M23 is UN-sanctioned [S39]; UN Group of Experts [S37]',
	 'as rule 540'),
	(543, 'CA', 'review',   NULL,    NULL,       'M23', '{2609,2611,2615.90,2616.90,2825.90,2841.80,7108,8001,8002,8003,8007,8101,8103}', NULL, NULL,
	 'UN Security Council DRC sanctions regime', NULL, 'M23 is UN-sanctioned [S39]; UN Group of Experts [S37]',
	 'as rule 540'),
	(544, 'JP', 'review',   NULL,    NULL,       'M23', '{2609,2611,2615.90,2616.90,2825.90,2841.80,7108,8001,8002,8003,8007,8101,8103}', NULL, NULL,
	 'UN Security Council DRC sanctions regime', NULL, 'M23 is UN-sanctioned [S39]; UN Group of Experts [S37]',
	 'as rule 540'),
	(545, 'AU', 'review',   NULL,    NULL,       'M23', '{2609,2611,2615.90,2616.90,2825.90,2841.80,7108,8001,8002,8003,8007,8101,8103}', NULL, NULL,
	 'UN Security Council DRC sanctions regime', NULL, 'M23 is UN-sanctioned [S39]; UN Group of Experts [S37]',
	 'as rule 540'),
	-- UFLPA: region presumption for Xinjiang
	(560, 'US', 'prohibit', 'CN-XJ', NULL,       NULL,  '{}', '2022-06-21', NULL,
	 'Uyghur Forced Labor Prevention Act (P.L. 117-78)', '§3', 'UFLPA, P.L. 117-78, 135 Stat. 1525, §3; 19 USC 1307 [S23]',
	 'rebuttable presumption: goods made wholly or in part in Xinjiang are barred; CBP exception on clear and convincing evidence (evidence uflpa-exception). Goods made elsewhere with Xinjiang inputs and the UFLPA Entity List are not modelled')
) AS r (id, jurisdiction, action, territory, status, controller, hs, valid_from, valid_until,
        instrument, article, citation, note);

-- Exceptions: id, rule, evidence code, valid from, valid until (exclusive), description, citation.
INSERT INTO rule_exception (id, rule_id, evidence, valid_from, valid_until, description, citation, shipped)
OVERRIDING SYSTEM VALUE
SELECT id, rule_id, evidence, valid_from::date, valid_until::date, description, citation, true
FROM (VALUES
	-- US
	(  1,  13, 'outside-ru-before-2024-03-01',     '2024-03-01', NULL,
	 'GL 103: jewellery located outside the Russian Federation before 1 Mar 2024', 'OFAC GL 103; 89 FR 16450 [S11]'),
	(  2,  14, 'outside-ru-before-2022-06-28',     '2022-06-28', NULL,
	 'gold located outside the Russian Federation before 28 Jun 2022', 'E.O. 14068 gold determination; OFAC FAQ 1029 [S10]'),
	(  3,  15, 'metal-produced-before-2024-04-13', '2024-04-13', NULL,
	 'aluminium, copper or nickel produced before 13 Apr 2024', 'E.O. 14068 metals determination; OFAC FAQs 1168–1172 [S9]'),
	(  4,  16, 'metal-produced-before-2024-04-13', '2024-04-13', NULL,
	 'aluminium, copper or nickel produced before 13 Apr 2024', 'E.O. 14068 metals determination; OFAC FAQs 1168–1172 [S9]'),
	-- EU: Crimea and Sevastopol
	(100, 100, 'ua-certificate-of-origin',         '2014-06-25', NULL,
	 'goods with a certificate of origin issued by the Government of Ukraine', 'Reg (EU) No 692/2014, Art 2 [S1]'),
	(101, 100, 'contract-before-2014-06-25',       '2014-06-25', '2014-09-26',
	 'execution until 26 Sep 2014 of contracts concluded before 25 Jun 2014 (26 Sep itself excluded: "until" read strictly)', 'Reg (EU) No 692/2014, Art 2 [S1]'),
	(102, 101, 'ua-certificate-of-origin',         '2014-06-25', NULL,
	 'goods with a certificate of origin issued by the Government of Ukraine', 'Reg (EU) No 692/2014, Art 2 [S1]'),
	(103, 101, 'contract-before-2014-06-25',       '2014-06-25', '2014-09-26',
	 'execution until 26 Sep 2014 of contracts concluded before 25 Jun 2014 (26 Sep itself excluded: "until" read strictly)', 'Reg (EU) No 692/2014, Art 2 [S1]'),
	-- EU: non-government-controlled areas
	(104, 102, 'ua-certificate-of-origin',         '2022-02-24', NULL,
	 'goods with a certificate of origin issued by the Government of Ukraine', 'Reg (EU) 2022/263, Art 2 [S2]'),
	(105, 102, 'contract-before-2022-02-23',       '2022-02-24', '2022-05-24',
	 'execution until 24 May 2022 of contracts concluded before 23 Feb 2022 (24 May itself excluded: "until" read strictly)', 'Reg (EU) 2022/263, Art 2(2) [S2]'),
	(106, 103, 'ua-certificate-of-origin',         '2022-02-24', NULL,
	 'goods with a certificate of origin issued by the Government of Ukraine', 'Reg (EU) 2022/263, Art 2 [S2]'),
	(107, 103, 'contract-before-2022-02-23',       '2022-02-24', '2022-05-24',
	 'execution until 24 May 2022 of contracts concluded before 23 Feb 2022 (24 May itself excluded: "until" read strictly)', 'Reg (EU) 2022/263, Art 2(2) [S2]'),
	(108, 104, 'ua-certificate-of-origin',         '2022-10-06', NULL,
	 'goods with a certificate of origin issued by the Government of Ukraine', 'Reg (EU) 2022/263, Art 2, as amended by Reg (EU) 2022/1903 [S2]'),
	(109, 105, 'ua-certificate-of-origin',         '2022-10-06', NULL,
	 'goods with a certificate of origin issued by the Government of Ukraine', 'Reg (EU) 2022/263, Art 2, as amended by Reg (EU) 2022/1903 [S2]'),
	-- UK
	(200, 200, 'ua-certificate-of-origin',         '2014-06-25', NULL,
	 'goods with a certificate of origin issued by the Government of Ukraine', 'SI 2019/855 reg 62 [S17]; before 31 Dec 2020 Reg (EU) No 692/2014, Art 2 [S1]'),
	(201, 200, 'contract-before-2014-06-25',       '2014-06-25', '2014-09-26',
	 'execution until 26 Sep 2014 of contracts concluded before 25 Jun 2014 (EU era; 26 Sep itself excluded)', 'Reg (EU) No 692/2014, Art 2 [S1]'),
	(202, 201, 'ua-certificate-of-origin',         '2014-06-25', NULL,
	 'goods with a certificate of origin issued by the Government of Ukraine', 'SI 2019/855 reg 62 [S17]; before 31 Dec 2020 Reg (EU) No 692/2014, Art 2 [S1]'),
	(203, 201, 'contract-before-2014-06-25',       '2014-06-25', '2014-09-26',
	 'execution until 26 Sep 2014 of contracts concluded before 25 Jun 2014 (EU era; 26 Sep itself excluded)', 'Reg (EU) No 692/2014, Art 2 [S1]'),
	(204, 202, 'ua-certificate-of-origin',         '2022-03-30', NULL,
	 'goods with a certificate of origin issued by the Government of Ukraine', 'SI 2019/855 reg 62 [S17]'),
	(205, 203, 'ua-certificate-of-origin',         '2022-03-30', NULL,
	 'goods with a certificate of origin issued by the Government of Ukraine', 'SI 2019/855 reg 62 [S17]'),
	(206, 204, 'ua-certificate-of-origin',         '2022-02-24', NULL,
	 'goods with a certificate of origin issued by the Government of Ukraine', 'SI 2019/855 reg 62 [S17]'),
	(207, 205, 'ua-certificate-of-origin',         '2022-02-24', NULL,
	 'goods with a certificate of origin issued by the Government of Ukraine', 'SI 2019/855 reg 62 [S17]'),
	(208, 206, 'ua-certificate-of-origin',         '2023-06-20', NULL,
	 'goods with a certificate of origin issued by the Government of Ukraine', 'SI 2019/855 reg 62 [S17]'),
	(209, 207, 'ua-certificate-of-origin',         '2023-06-20', NULL,
	 'goods with a certificate of origin issued by the Government of Ukraine', 'SI 2019/855 reg 62 [S17]'),
	(215, 215, 'outside-ru-before-2022-07-21',     '2022-07-21', NULL,
	 'gold exported from the Russian Federation before 21 Jul 2022', 'SI 2019/855 reg 46Z11 [S17]'),
	(216, 216, 'outside-ru-before-2022-10-29',     '2023-01-01', NULL,
	 'gold jewellery exported from the Russian Federation before 29 Oct 2022', 'SI 2019/855 Ch 4J [S17]'),
	-- CA (lifts rule 310 only; rule 311 keeps the shipment under review)
	(300, 310, 'contract-before-2023-03-10',       '2023-03-10', NULL,
	 'goods under a contract concluded before 10 Mar 2023 (terms of the exemption not verified: the shipment stays under review by rule 311)', 'SEMA (Russia) Regs s. 3.14; SOR/2023-46 [S18]'),
	-- UFLPA
	(500, 560, 'uflpa-exception',                  '2022-06-21', NULL,
	 'CBP granted an exception to the UFLPA presumption: full compliance with the guidance, complete answers to CBP, clear and convincing evidence that the goods are not made with forced labour', 'UFLPA §3(b), P.L. 117-78 [S23]')
) AS e (id, rule_id, evidence, valid_from, valid_until, description, citation);

ALTER TABLE rule ENABLE TRIGGER protect_shipped;
ALTER TABLE rule_exception ENABLE TRIGGER protect_shipped;
