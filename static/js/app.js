// Behaviour lives here, never inline (CSP). Pages work without it.
