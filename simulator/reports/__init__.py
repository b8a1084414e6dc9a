"""All Orders reports: read, write, replay, calibrate (data in, data out)."""
