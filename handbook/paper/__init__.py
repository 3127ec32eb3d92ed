"""Paper: the PDFs of the whole handbook and of each chapter, and the provenance stamp that
every printed page carries."""
