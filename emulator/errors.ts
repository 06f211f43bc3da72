// One error type for every non-2xx answer. `body` overrides the GeneralError shape for the
// few operations the spec gives special error bodies (transfer 406/422).

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
    public body?: Record<string, unknown>,
    public code = '',
    public headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (m: string) => new ApiError(400, m);
export const forbidden = (m: string) => new ApiError(403, m);
export const notFound = (m: string) => new ApiError(404, m);
export const conflict = (m: string) => new ApiError(409, m);
