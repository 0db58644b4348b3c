"""Planning: the pure diff of desired against live state (see `planner.build_plan`).

Kept import-free on purpose: adapters import `planning.changes` and should not pay for
(or depend on) the planner. Entry points: `planning.planner.build_plan`,
`planning.fingerprint.live_fingerprint` / `live_digests`, `planning.select.covers`.
"""
