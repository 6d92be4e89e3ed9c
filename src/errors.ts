/**
 * Base of the project's typed errors: `code` is stable for programs, `message` is for people,
 * and `name` is the concrete class's, so a traceback's first line says which error it is.
 */
export class CodedError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}
