"""What the pages share: session keys and links, charts, uploads, progress."""
