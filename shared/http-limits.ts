/**
 * The longest GET URL a batch of queries may have. The client splits a batch before it grows past this (a board
 * of many teams asks one `dispatch.day` per team and day: 50 teams in one GET was 414/431), and the server
 * accepts a procedure list this long in the path (Fastify's default for a path parameter is 100 characters,
 * which refused a batch of eight). 4,000 stays under every common proxy's default request-line limit.
 */
export const MAX_BATCH_URL_LENGTH = 4000;
