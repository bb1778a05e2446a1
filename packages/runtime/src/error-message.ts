/** The message of a thrown value, whatever was thrown (an Error, a string, ...). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
