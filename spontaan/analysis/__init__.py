"""Pure analytics core: plain data in, plain data out. Nothing here may import Django."""
