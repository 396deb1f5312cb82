--
-- One lexical rule for every type's text input: the six ASCII white-space
-- characters (space, \t, \n, \v, \f, \r) are ignored around a value and
-- around each of its fields, nothing else is; a place id is digits only.
--
SET search_path = embargo, public;

CREATE TEMP TABLE ws (name text, c text);
INSERT INTO ws VALUES ('space', ' '), ('tab', E'\t'), ('newline', E'\n'),
	('vertical tab', chr(11)), ('form feed', E'\f'), ('carriage return', E'\r');

-- Each white-space character, around the value and around every field.
SELECT name,
       (c || 'ua-43' || c)::territory = 'UA-43' AS territory,
       (c || '2805.30' || c)::hscode = '2805.30' AS hscode,
       format('%s(%sUA-23%s,%s16%s,%sUA%s,%sRU%s,%soccupied%s,%splace%s)%s',
              c, c, c, c, c, c, c, c, c, c, c, c, c, c)::origin
           = '(UA-23,16,UA,RU,occupied,place)' AS origin,
       format('%smined%s:%sCD-NK%s#%s34%s@%s2024-05-01%s>%srefined%s:%sCN%s',
              c, c, c, c, c, c, c, c, c, c, c, c)::custody
           = 'mined:CD-NK#34@2024-05-01 > refined:CN' AS custody
FROM ws ORDER BY name;

-- Other characters that look like space are refused by every type: a
-- no-break space, an ideographic space, and the ASCII separators.
SELECT s.name AS character, t.type,
       regress_sqlstate_of(format('SELECT %L::embargo.%s', replace(t.tmpl, '~', s.c), t.type)) AS sqlstate
FROM (VALUES ('no-break space', chr(160)), ('ideographic space', chr(12288)),
             ('file separator', chr(28)), ('unit separator', chr(31))) s(name, c),
     (VALUES ('territory', '~UA-43'), ('hscode', '2805.30~'), ('origin', '(UA-23,~16,UA,RU,occupied,place)'),
             ('custody', 'mined:CD~ > refined:CN')) t(type, tmpl)
ORDER BY 1, 2;

-- A place id is written in digits only, in origin as in custody: no sign,
-- no inner space, no leading "0x"; 1 to 2147483647.
SELECT i AS place, regress_sqlstate_of(format('SELECT %L::embargo.origin', format('(UA-23,%s,UA,RU,occupied,place)', i))) AS origin,
       regress_sqlstate_of(format('SELECT %L::embargo.custody', format('mined:UA-23#%s', i))) AS custody
FROM (VALUES ('16'), (' 16 '), ('016'), ('+16'), ('-16'), ('1 6'), ('0x10'), ('16.0'), ('2147483647'), ('2147483648'), ('0')) v(i);
SELECT '(UA-23,+16,UA,RU,occupied,place)'::origin;
