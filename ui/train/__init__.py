"""The Train group: the Manage Orders desk and trainer records."""
