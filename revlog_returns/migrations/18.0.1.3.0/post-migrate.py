from psycopg2.extras import Json, execute_values

# the verdict words the shipped languages wrote at the end of each line of a text trace
REFUSED = ("refused", "refusé", "abgelehnt")


def migrate(cr, version):
    """Returns decided before the trace was kept as data keep their text trace: each line becomes a check whose
    text is the line as it was written (in the writer's language), its verdict read from its last word."""
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'revlog_return' AND column_name = 'eligibility_trace'
        """
    )
    if not cr.fetchone():
        return
    cr.execute(
        "SELECT id, eligibility_trace FROM revlog_return WHERE eligibility_checks IS NULL AND eligibility_trace <> ''"
    )
    rows = []
    for return_id, trace in cr.fetchall():
        checks = []
        for line in trace.splitlines():
            text, __, verdict = line.rpartition(": ")
            refused = verdict.strip() in REFUSED
            checks.append({"rule": "", "ok": not refused, "text": text or line, "customer": None})
        rows.append((return_id, Json(checks)))
    if rows:
        execute_values(
            cr._obj,
            "UPDATE revlog_return SET eligibility_checks = data.checks FROM (VALUES %s) AS data(id, checks) "
            "WHERE revlog_return.id = data.id",
            rows,
            template="(%s, %s::jsonb)",
        )
