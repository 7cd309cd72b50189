// End-to-end specs start real servers and sockets: give them room, bounded.
jest.setTimeout(60_000);
