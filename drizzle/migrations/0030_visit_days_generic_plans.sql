-- The team-day recount (0028) plans its statements once per connection instead of on every call (docs/scale.md,
-- session 31). Their parameters are the arrays of team-days a statement touched, so PostgreSQL's default
-- (plan_cache_mode = auto) planned them anew for each call: ~1-4 ms of a status write's ~1.5-5 ms of recount went to
-- planning. The generic plan (index probes of visits by team and date per team-day) is the plan the custom ones
-- chose, for one team-day and for a month of them alike.
ALTER FUNCTION "visit_days_recount"(uuid[], date[]) SET plan_cache_mode = force_generic_plan;
