// server-only, as nothing (see server-only-stub.cjs).
