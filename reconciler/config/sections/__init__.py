"""Config sections of the admin kinds not planned yet, one module each: custom fields and
project boards and phases (DESIGN.md "Admin kinds").

They are the config language (frozen, unknown keys refused, described for the JSON Schema).
The sandbox's seed speaks them already; the product's `Config` takes them once the planner
can plan them (activity types, lead labels and webhooks moved into their kind families).
"""
