"""pipedrive-reconciler: configuration-as-code for a Pipedrive company."""

__version__ = "0.1.0"
