"""The file formats and their one error layer: YAML loading with positions, schemas, problems."""
