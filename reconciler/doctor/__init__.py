"""`doctor`: the read-only first contact with a Pipedrive company.

It answers what a new admin needs to know before the first plan: is the token accepted,
whose is it and which company does it reach; is its user an admin; which API areas answer
(v2, the v1 stage endpoints, Projects, the removed Subscriptions API); the burst limit and
the daily token budget left; what planning the config would read and applying it would
spend; and what the tool cannot do here. It writes nothing and spends few tokens (see
`probes` for every request and its cost; a plan with the config adds its own reads).

    probes     the requests, each answer turned into a finding
    examine    runs them, and the plan, into `Findings`
    verdict    pure: why a plan cannot run, what the tool cannot do
    report     pure: the checklist and the verdict
    render     pure: text and JSON
"""

from __future__ import annotations

from reconciler.doctor.examine import ConfigInput, examine
from reconciler.doctor.report import Check, Report

__all__ = ["Check", "ConfigInput", "Report", "examine"]
