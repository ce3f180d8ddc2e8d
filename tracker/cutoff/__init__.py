"""How current the data is: the data cut-off ("data as of"), set by an admin."""
