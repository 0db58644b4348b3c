"""Config sections of the admin kinds, one module each: custom fields, project boards and
phases, activity types, lead labels and webhooks (DESIGN.md "Admin kinds").

They are the config language (frozen, unknown keys refused, described for the JSON Schema).
The sandbox's seed speaks them already; the product's `Config` takes them once the planner
can plan them.
"""
