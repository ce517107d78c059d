/**
 * n8n's logger prints every error a node throws; in a passing test run that is noise (the
 * refusals the tests provoke on purpose). Silent unless a test captures it itself (see the
 * secrets test, which records every level through LoggerProxy). Runs before any module loads,
 * so n8n's config reads it when the logger is made.
 */
process.env.N8N_LOG_LEVEL = 'silent';
