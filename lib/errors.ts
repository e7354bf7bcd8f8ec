/** An expected failure whose message is safe and useful to show the person. */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly code: "invalid" | "forbidden" | "not_found" | "conflict" = "invalid",
  ) {
    super(message);
    this.name = "ServiceError";
  }
}
