# Models arrive with the issue that builds this card (see issues).
