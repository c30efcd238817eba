// a script served as a file
