/*
 * shim.c
 *		The backend services embargo's type files need, for running them in
 *		a libFuzzer process instead of the server.
 *
 * Only what the parsers reach is real here: palloc and friends, ereport and
 * elog, StringInfo, the pqformat routines of binary I/O, the Julian day
 * helpers of the date code, the SQL scanner's notion of white space and
 * pg_detoast_datum for plain values.  Symbols the type files reference but
 * their I/O functions never reach are in stubs.c and abort.  None of this
 * is the extension's parsing code: that is compiled from src/ as it stands.
 *
 * Memory: every palloc'd chunk is a malloc of its own (so that
 * AddressSanitizer sees each chunk's bounds) linked into one list, and
 * fuzz_reset() frees the list after each input, as the end of a query frees
 * its memory context.  New chunks are filled with a byte that changes from
 * one allocation to the next, so a value that keeps uninitialised bytes
 * does not compare equal to the same value parsed again.
 *
 * Errors: ereport(ERROR) runs the error context callbacks, keeps the error
 * for the harness and longjmps to the sigsetjmp of fuzz_call(), as the
 * backend's PG_TRY machinery would.  FATAL and PANIC abort.
 */
#include "postgres.h"

#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "parser/scansup.h"
#include "port/pg_bswap.h"
#include "utils/datetime.h"
#include "utils/memutils.h"

/* ---- globals the type files and the headers' inline functions use ---- */

MemoryContext CurrentMemoryContext = NULL;
MemoryContext TopMemoryContext = NULL;
ErrorContextCallback *error_context_stack = NULL;
sigjmp_buf *PG_exception_stack = NULL;
int			work_mem = 4096;

/* ---- the input being tried, for messages ---- */

static const char *current_harness = "?";
static const uint8_t *current_data = NULL;
static size_t current_size = 0;

void
fuzz_set_input(const char *harness, const uint8_t *data, size_t size)
{
	current_harness = harness;
	current_data = data;
	current_size = size;
}

void
fuzz_fail(const char *fmt,...)
{
	va_list		args;

	fprintf(stderr, "\n==embargo-fuzz== %s: ", current_harness);
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fprintf(stderr, "\n==embargo-fuzz== input (%zu bytes):", current_size);
	for (size_t i = 0; i < current_size && current_data != NULL; i++)
		fprintf(stderr, " %02x", current_data[i]);
	fprintf(stderr, "\n");
	fflush(stderr);
	abort();
}

#if PG_VERSION_NUM >= 160000
void
ExceptionalCondition(const char *conditionName, const char *fileName, int lineNumber)
{
	fuzz_fail("TRAP: failed Assert(\"%s\") at %s:%d", conditionName, fileName, lineNumber);
}
#else
void
ExceptionalCondition(const char *conditionName, const char *errorType,
					 const char *fileName, int lineNumber)
{
	fuzz_fail("%s(\"%s\") at %s:%d", errorType, conditionName, fileName, lineNumber);
}
#endif

/*
 * The data arguments of the string and message functions below are untyped
 * (void *) from PostgreSQL 16 on, char * before.
 */
#if PG_VERSION_NUM >= 160000
typedef const void *shim_data;
typedef void *shim_buf;
#else
typedef const char *shim_data;
typedef char *shim_buf;
#endif

/* ---- memory ---- */

#define CHUNK_MAGIC		UINT64CONST(0x656d626172676f21)

typedef struct FuzzChunk
{
	struct FuzzChunk *prev;
	struct FuzzChunk *next;
	Size		size;
	uint64		magic;
} FuzzChunk;

/* the list of live chunks, a ring through this sentinel */
static FuzzChunk chunks = {&chunks, &chunks, 0, 0};
static uint8 fill_seed = 0;

static void *
chunk_alloc(Size size, bool zero)
{
	FuzzChunk  *c;

	if (!AllocSizeIsValid(size))
		elog(ERROR, "invalid memory alloc request size %zu", size);
	c = malloc(sizeof(FuzzChunk) + size);
	if (c == NULL)
		fuzz_fail("out of memory allocating %zu bytes", size);
	c->size = size;
	c->magic = CHUNK_MAGIC;
	c->prev = &chunks;
	c->next = chunks.next;
	chunks.next->prev = c;
	chunks.next = c;
	fill_seed += 0x3b;
	memset(c + 1, zero ? 0 : (0x80 | fill_seed), size);
	return c + 1;
}

static FuzzChunk *
chunk_of(void *pointer, const char *caller)
{
	FuzzChunk  *c;

	if (pointer == NULL)
		fuzz_fail("%s(NULL)", caller);
	c = (FuzzChunk *) pointer - 1;
	if (c->magic != CHUNK_MAGIC)
		fuzz_fail("%s of a pointer palloc did not return", caller);
	return c;
}

static void
chunk_free(FuzzChunk *c)
{
	c->prev->next = c->next;
	c->next->prev = c->prev;
	c->magic = 0;
	free(c);
}

void *
palloc(Size size)
{
	return chunk_alloc(size, false);
}

void *
palloc0(Size size)
{
	return chunk_alloc(size, true);
}

void
pfree(void *pointer)
{
	chunk_free(chunk_of(pointer, "pfree"));
}

void *
repalloc(void *pointer, Size size)
{
	FuzzChunk  *old = chunk_of(pointer, "repalloc");
	void	   *result = chunk_alloc(size, false);

	memcpy(result, pointer, Min(old->size, size));
	chunk_free(old);
	return result;
}

char *
pstrdup(const char *in)
{
	size_t		len = strlen(in);
	char	   *out = palloc(len + 1);

	memcpy(out, in, len + 1);
	return out;
}

/* A palloc'd string formatted with PostgreSQL's own vsnprintf. */
static char *
vformat(const char *fmt, va_list args)
{
	size_t		len = 128;

	for (;;)
	{
		char	   *buf = palloc(len);
		va_list		copy;
		int			n;

		va_copy(copy, args);
		n = vsnprintf(buf, len, fmt, copy);
		va_end(copy);
		if (n < 0)
			fuzz_fail("vsnprintf failed for format \"%s\"", fmt);
		if ((size_t) n < len)
			return buf;
		pfree(buf);
		len = (size_t) n + 1;
	}
}

char *
psprintf(const char *fmt,...)
{
	va_list		args;
	char	   *result;

	va_start(args, fmt);
	result = vformat(fmt, args);
	va_end(args);
	return result;
}

void
fuzz_reset(void)
{
	while (chunks.next != &chunks)
		chunk_free(chunks.next);
}

/* ---- ereport / elog ---- */

/* The report being built between errstart() and errfinish(). */
static struct
{
	bool		active;
	int			elevel;
	int			sqlerrcode;
	char	   *message;
	char	   *detail;
	char	   *hint;
	char	   *context;
} report;

static FuzzError last_error;

bool
errstart(int elevel, const char *domain)
{
	/* Below WARNING nothing would be sent anywhere: skip the arguments. */
	if (elevel < WARNING)
		return false;
	if (report.active)
		fuzz_fail("ereport(%d) while another report is being built", elevel);
	memset(&report, 0, sizeof(report));
	report.active = true;
	report.elevel = elevel;
	report.sqlerrcode = elevel >= ERROR ? ERRCODE_INTERNAL_ERROR : ERRCODE_WARNING;
	return true;
}

bool
errstart_cold(int elevel, const char *domain)
{
	return errstart(elevel, domain);
}

static void
check_active(const char *caller)
{
	if (!report.active)
		fuzz_fail("%s() outside ereport()", caller);
}

int
errcode(int sqlerrcode)
{
	check_active("errcode");
	report.sqlerrcode = sqlerrcode;
	return 0;
}

#define REPORT_FIELD(field, fmt) \
	do { \
		va_list		args; \
		va_start(args, fmt); \
		(field) = vformat(fmt, args); \
		va_end(args); \
	} while (0)

int
errmsg(const char *fmt,...)
{
	check_active("errmsg");
	REPORT_FIELD(report.message, fmt);
	return 0;
}

int
errmsg_internal(const char *fmt,...)
{
	check_active("errmsg_internal");
	REPORT_FIELD(report.message, fmt);
	return 0;
}

int
errdetail(const char *fmt,...)
{
	check_active("errdetail");
	REPORT_FIELD(report.detail, fmt);
	return 0;
}

int
errdetail_internal(const char *fmt,...)
{
	check_active("errdetail_internal");
	REPORT_FIELD(report.detail, fmt);
	return 0;
}

int
errhint(const char *fmt,...)
{
	check_active("errhint");
	REPORT_FIELD(report.hint, fmt);
	return 0;
}

int
set_errcontext_domain(const char *domain)
{
	check_active("errcontext");
	return 0;
}

int
errcontext_msg(const char *fmt,...)
{
	char	   *line;

	check_active("errcontext");
	REPORT_FIELD(line, fmt);
	report.context = report.context == NULL ? line :
		psprintf("%s\n%s", report.context, line);
	return 0;
}

void
errfinish(const char *filename, int lineno, const char *funcname)
{
	check_active("errfinish");
	/* the backend runs the context callbacks for every report it emits */
	for (ErrorContextCallback *e = error_context_stack; e != NULL; e = e->previous)
		e->callback(e->arg);
	report.active = false;
	if (report.message == NULL || report.message[0] == '\0')
		fuzz_fail("a report without a message at %s:%d", filename, lineno);
	if (report.elevel >= FATAL)
		fuzz_fail("%s at %s:%d (%s): %s", report.elevel >= PANIC ? "PANIC" : "FATAL",
				  filename, lineno, funcname, report.message);
	if (report.elevel < ERROR)
		return;
	last_error.sqlerrcode = report.sqlerrcode;
	last_error.message = report.message;
	last_error.detail = report.detail;
	last_error.filename = filename;
	last_error.lineno = lineno;
	last_error.funcname = funcname;
	if (PG_exception_stack == NULL)
		fuzz_fail("ERROR outside fuzz_call() at %s:%d: %s", filename, lineno, report.message);
	siglongjmp(*PG_exception_stack, 1);
}

#if PG_VERSION_NUM >= 160000
/*
 * ereturn() from PostgreSQL 16 on.  The harnesses call the input functions
 * without an ErrorSaveContext, as the server does for a plain cast, so a soft
 * error is an ERROR.
 */
bool
errsave_start(struct Node *context, const char *domain)
{
	if (context != NULL)
		fuzz_fail("errsave_start() with a context: the harnesses pass none");
	return errstart(ERROR, domain);
}

void
errsave_finish(struct Node *context, const char *filename, int lineno,
			   const char *funcname)
{
	errfinish(filename, lineno, funcname);
}
#endif

bool
fuzz_call(const char *what, PGFunction fn, int nargs, Datum arg0, Datum arg1, Datum arg2,
		  Datum *result, FuzzError *error)
{
	LOCAL_FCINFO(fcinfo, 3);
	sigjmp_buf	local;
	sigjmp_buf *save_stack = PG_exception_stack;
	ErrorContextCallback *save_context = error_context_stack;
	volatile bool ok = false;

	Assert(nargs >= 1 && nargs <= 3);
	InitFunctionCallInfoData(*fcinfo, NULL, nargs, InvalidOid, NULL, NULL);
	fcinfo->args[0].value = arg0;
	fcinfo->args[1].value = arg1;
	fcinfo->args[2].value = arg2;
	for (int i = 0; i < 3; i++)
		fcinfo->args[i].isnull = false;
	if (sigsetjmp(local, 0) == 0)
	{
		PG_exception_stack = &local;
		*result = fn(fcinfo);
		ok = true;
	}
	/* what PG_TRY restores: a callee's context callbacks are gone now */
	PG_exception_stack = save_stack;
	error_context_stack = save_context;
	if (!ok)
	{
		*error = last_error;
		return false;
	}
	if (fcinfo->isnull)
		fuzz_fail("%s returned NULL", what);
	return true;
}

/* ---- StringInfo (lib/stringinfo.h) ---- */

StringInfo
makeStringInfo(void)
{
	StringInfo	str = palloc(sizeof(StringInfoData));

	initStringInfo(str);
	return str;
}

void
initStringInfo(StringInfo str)
{
	str->maxlen = 1024;
	str->data = palloc(str->maxlen);
	resetStringInfo(str);
}

void
resetStringInfo(StringInfo str)
{
	str->data[0] = '\0';
	str->len = 0;
	str->cursor = 0;
}

void
enlargeStringInfo(StringInfo str, int needed)
{
	Size		want;
	Size		newlen;

	if (needed < 0 || (Size) needed >= MaxAllocSize - (Size) str->len)
		elog(ERROR, "out of memory: cannot enlarge string buffer of %d bytes by %d more",
			 str->len, needed);
	want = (Size) str->len + needed + 1;	/* room for the trailing NUL */
	if (want <= (Size) str->maxlen)
		return;
	for (newlen = 2 * (Size) str->maxlen; newlen < want; newlen *= 2)
		;
	newlen = Min(newlen, MaxAllocSize);
	str->data = repalloc(str->data, newlen);
	str->maxlen = newlen;
}

int
appendStringInfoVA(StringInfo str, const char *fmt, va_list args)
{
	size_t		avail = str->maxlen - str->len;
	int			n = vsnprintf(str->data + str->len, avail, fmt, args);

	if (n < 0)
		fuzz_fail("vsnprintf failed for format \"%s\"", fmt);
	if ((size_t) n < avail)
	{
		str->len += n;
		return 0;
	}
	str->data[str->len] = '\0';
	return n + 1;
}

void
appendStringInfo(StringInfo str, const char *fmt,...)
{
	for (;;)
	{
		va_list		args;
		int			needed;

		va_start(args, fmt);
		needed = appendStringInfoVA(str, fmt, args);
		va_end(args);
		if (needed == 0)
			return;
		enlargeStringInfo(str, needed);
	}
}

void
appendBinaryStringInfoNT(StringInfo str, shim_data data, int datalen)
{
	enlargeStringInfo(str, datalen);
	memcpy(str->data + str->len, data, datalen);
	str->len += datalen;
}

void
appendBinaryStringInfo(StringInfo str, shim_data data, int datalen)
{
	appendBinaryStringInfoNT(str, data, datalen);
	str->data[str->len] = '\0';
}

void
appendStringInfoString(StringInfo str, const char *s)
{
	appendBinaryStringInfo(str, s, strlen(s));
}

void
appendStringInfoChar(StringInfo str, char ch)
{
	appendBinaryStringInfo(str, &ch, 1);
}

/* ---- binary I/O (libpq/pqformat.h) ---- */

void
pq_begintypsend(StringInfo buf)
{
	initStringInfo(buf);
	/* room for the varlena header, set by pq_endtypsend() */
	appendBinaryStringInfo(buf, "\0\0\0\0", 4);
}

bytea *
pq_endtypsend(StringInfo buf)
{
	bytea	   *result = (bytea *) buf->data;

	Assert(buf->len >= VARHDRSZ);
	SET_VARSIZE(result, buf->len);
	return result;
}

void
pq_sendbytes(StringInfo buf, shim_data data, int datalen)
{
	appendBinaryStringInfo(buf, data, datalen);
}

void
pq_copymsgbytes(StringInfo msg, shim_buf buf, int datalen)
{
	if (datalen < 0 || datalen > msg->len - msg->cursor)
		ereport(ERROR,
				(errcode(ERRCODE_PROTOCOL_VIOLATION),
				 errmsg("insufficient data left in message")));
	memcpy(buf, msg->data + msg->cursor, datalen);
	msg->cursor += datalen;
}

const char *
pq_getmsgbytes(StringInfo msg, int datalen)
{
	const char *result;

	if (datalen < 0 || datalen > msg->len - msg->cursor)
		ereport(ERROR,
				(errcode(ERRCODE_PROTOCOL_VIOLATION),
				 errmsg("insufficient data left in message")));
	result = msg->data + msg->cursor;
	msg->cursor += datalen;
	return result;
}

int
pq_getmsgbyte(StringInfo msg)
{
	if (msg->cursor >= msg->len)
		ereport(ERROR,
				(errcode(ERRCODE_PROTOCOL_VIOLATION),
				 errmsg("no data left in message")));
	return (unsigned char) msg->data[msg->cursor++];
}

unsigned int
pq_getmsgint(StringInfo msg, int b)
{
	uint8		n8;
	uint16		n16;
	uint32		n32;

	switch (b)
	{
		case 1:
			pq_copymsgbytes(msg, (char *) &n8, 1);
			return n8;
		case 2:
			pq_copymsgbytes(msg, (char *) &n16, 2);
			return pg_ntoh16(n16);
		case 4:
			pq_copymsgbytes(msg, (char *) &n32, 4);
			return pg_ntoh32(n32);
		default:
			elog(ERROR, "unsupported integer size %d", b);
			return 0;
	}
}

int64
pq_getmsgint64(StringInfo msg)
{
	uint64		n64;

	pq_copymsgbytes(msg, (char *) &n64, sizeof(n64));
	return (int64) pg_ntoh64(n64);
}

void
pq_getmsgend(StringInfo msg)
{
	if (msg->cursor != msg->len)
		ereport(ERROR,
				(errcode(ERRCODE_PROTOCOL_VIOLATION),
				 errmsg("invalid message format")));
}

/* ---- fmgr ---- */

/* Values here are never toasted: a plain one is used as it is. */
struct varlena *
pg_detoast_datum(struct varlena *datum)
{
	if (VARATT_IS_EXTENDED(datum))
		fuzz_fail("pg_detoast_datum() of a compressed, external or short-header value");
	return datum;
}

/* ---- the SQL scanner's white space (parser/scansup.h) ---- */

/* PostgreSQL 15's set: space, tab, newline, carriage return, form feed */
bool
scanner_isspace(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

/* ---- dates (utils/datetime.h) ---- */

/* days in each month, ordinary and leap years */
const int	day_tab[2][13] = {
	{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0},
	{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0}
};

/* floor(a / b) for b > 0 */
static int64
floor_div(int64 a, int64 b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/*
 * Julian day number of a proleptic Gregorian date, counting the year in
 * March-based years from 4800 BC so that the leap day falls last.
 */
int
date2j(int year, int month, int day)
{
	int64		shift = month <= 2 ? 1 : 0;
	int64		y = (int64) year + 4800 - shift;
	int64		m = (int64) month + 12 * shift - 3;

	return (int) (day + floor_div(153 * m + 2, 5) + 365 * y + floor_div(y, 4) -
				  floor_div(y, 100) + floor_div(y, 400) - 32045);
}

/* The inverse of date2j(). */
void
j2date(int jd, int *year, int *month, int *day)
{
	int64		a = (int64) jd + 32044;
	int64		cycles = floor_div(4 * a + 3, 146097);	/* 400-year cycles */
	int64		c = a - floor_div(146097 * cycles, 4);
	int64		quads = floor_div(4 * c + 3, 1461);	/* 4-year spans */
	int64		e = c - floor_div(1461 * quads, 4);
	int64		m = floor_div(5 * e + 2, 153);	/* month from March */

	*day = (int) (e - floor_div(153 * m + 2, 5) + 1);
	*month = (int) (m + 3 - 12 * floor_div(m, 10));
	*year = (int) (100 * cycles + quads - 4800 + floor_div(m, 10));
}

/* ---- the database encoding (mb/pg_wchar.h): the party name harness's, UTF-8 ---- */

int
GetDatabaseEncoding(void)
{
	return PG_UTF8;
}
