#!/usr/bin/perl
# Derives, from the extension's source, the names its internal SQL could
# resolve through a search path: the string literals of src/*.c (and the
# string macros of src/*.h), and the dollar-quoted bodies of the install and
# upgrade scripts, scripts/*.sql, and of the SQL the build generates from the
# shipped data, build/*.sql (functions that run on a caller's behalf, DO
# blocks).
# Over-inclusion is harmless: a name that matches nothing creates nothing.
#
# Usage: derive.pl TOP   prints five lines: functions, operators, collations,
# types and relations, each "kind<TAB>name name ...", names without their
# schema (the hostile objects must shadow qualified names too, in case a
# qualification is lost).
use strict;
use warnings;

my $top = shift or die "usage: $0 TOP\n";
my @text;

# C: every string constant, with adjacent literals and string macros
# (EXTENSION_SCHEMA, column lists) joined as the compiler joins them;
# comments and character constants removed first.
my (%macro, @c);
for my $file (glob("$top/src/*.h"), glob("$top/src/*.c")) {
	open my $fh, '<', $file or die "$file: $!";
	local $/;
	my $c = <$fh>;
	close $fh;
	$c =~ s{/\*.*?\*/}{ }gs;
	$c =~ s{//[^\n]*}{}g;
	$c =~ s{'(?:[^'\\\n]|\\.)+'}{ }g;
	$c =~ s{\\\n}{ }g;
	push @c, $c;
}
my $lit = qr/"(?:[^"\\\n]|\\.)*"/;
sub literal {
	my $s = substr(shift, 1, -1);
	$s =~ s/\\(["\\'])/$1/g;
	$s =~ s/\\[nt]/ /g;
	return $s;
}
# string macros: #define NAME "..." MACRO "...", until none is added
for (my $more = 1; $more;) {
	$more = 0;
	for my $c (@c) {
		while ($c =~ /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+([^\n]+)/mg) {
			my ($name, $body) = ($1, $2);
			next if exists $macro{$name};
			my $v = '';
			my $ok = 1;
			for my $t ($body =~ /($lit|[A-Za-z_]\w*|\S)/g) {
				if ($t =~ /^"/) { $v .= literal($t); }
				elsif (exists $macro{$t}) { $v .= $macro{$t}; }
				else { $ok = 0; last; }
			}
			($macro{$name}, $more) = ($v, 1) if $ok && $body =~ /"/;
		}
	}
}
for my $c (@c) {
	my ($cur, $have) = ('', 0);
	while ($c =~ /($lit|[A-Za-z_]\w*|\S)/g) {
		my $t = $1;
		if ($t =~ /^"/) { $cur .= literal($t); $have = 1; }
		elsif (exists $macro{$t}) { $cur .= $macro{$t}; }
		else { push @text, $cur if $have; ($cur, $have) = ('', 0); }
	}
	push @text, $cur if $have;
}

# SQL: every dollar-quoted body ($$...$$ or $tag$...$tag$).
for my $file (glob("$top/scripts/*.sql"), glob("$top/build/*.sql")) {
	open my $fh, '<', $file or die "$file: $!";
	local $/;
	my $s = <$fh>;
	close $fh;
	while ($s =~ /(\$[A-Za-z_]*\$)(.*?)\1/gs) {
		(my $body = $2) =~ s/--[^\n]*//g;
		push @text, $body;
	}
}

my $ident = qr/(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_\$]*)/;
# a schema may be @extschema@, as the install and upgrade scripts write it
my $qname = qr/(?:(?:$ident|\@extschema\@)\s*\.\s*)?($ident)/;
my (%func, %oper, %coll, %type, %rel);
sub unq {
	my $n = shift;
	return $n =~ /^"(.*)"$/s ? $1 =~ s/""/"/gr : lc $n;
}
for my $t (@text) {
	my $s = $t;
	# OPERATOR(schema.op)
	while ($s =~ /\bOPERATOR\s*\(\s*(?:$ident\s*\.\s*)?([-+*\/<>=~!@#%^&|`?]+)\s*\)/gi) {
		$oper{$1} = 1;
	}
	# function calls: name (
	while ($s =~ /$qname\s*\(/g) {
		$func{unq($1)} = 1;
	}
	# collations
	while ($s =~ /\bCOLLATE\s+$qname/gi) {
		$coll{unq($1)} = 1;
	}
	# types: ::type, CAST(... AS type)
	while ($s =~ /::\s*$qname/g) {
		$type{unq($1)} = 1;
	}
	while ($s =~ /\bCAST\s*\((?:[^()]|\([^()]*\))*?\bAS\s+$qname/gi) {
		$type{unq($1)} = 1;
	}
	# relations
	while ($s =~ /\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(?:ONLY\s+)?(?>$qname)(?!\s*\.)/gi) {
		$rel{unq($1)} = 1;
	}
	# operators that SQL syntax looks up by name
	$oper{'='} = 1 if $s =~ /\b(?:IN\s*\(|DISTINCT\s+FROM\b|NULLIF\s*\(|CASE\s+(?!WHEN\b))/i;
	$oper{'<>'} = 1 if $s =~ /\bNOT\s+IN\s*\(/i;
	@oper{'>=', '<='} = (1, 1) if $s =~ /\bBETWEEN\b/i;
	@oper{'~~', '!~~'} = (1, 1) if $s =~ /\bLIKE\b/i;
	@oper{'~~*', '!~~*'} = (1, 1) if $s =~ /\bILIKE\b/i;
	if ($s =~ /\bSIMILAR\s+TO\b/i) { $oper{'~'} = 1; $func{similar_to_escape} = 1; }
	$func{timezone} = 1 if $s =~ /\bAT\s+TIME\s+ZONE\b/i;
	$func{overlaps} = 1 if $s =~ /\bOVERLAPS\b/i;
	# bare operators, lexed as PostgreSQL does
	(my $o = $s) =~ s/'(?:[^']|'')*'/ /g;
	$o =~ s/\bOPERATOR\s*\([^)]*\)/ /gi;
	while ($o =~ /([-+*\/<>=~!@#%^&|`?]+)/g) {
		my $op = $1;
		$op =~ s/(--|\/\*).*//;
		next if $op eq '';
		# a multi-character operator ends in + or - only if it has one of ~!@#%^&|`?
		$op =~ s/[-+]+$// while length($op) > 1 && $op =~ /[-+]$/ && $op !~ /[~!@#%^&|`?]/;
		$oper{$op} = 1;
		$oper{'<>'} = 1 if $op eq '!=';
	}
}
print "functions\t", join(' ', sort keys %func), "\n";
print "operators\t", join(' ', sort keys %oper), "\n";
print "collations\t", join(' ', sort keys %coll), "\n";
print "types\t", join(' ', sort keys %type), "\n";
print "relations\t", join(' ', sort keys %rel), "\n";
