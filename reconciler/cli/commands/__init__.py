"""One module per command (or pair: `plan` and `show`, `validate` and `schema`); each
registers its commands on `reconciler.cli.app.cli` when imported."""
