// Binance's REST error: an HTTP status and the JSON body
// {"code":-1121,"msg":"Invalid symbol."} (rest-api.md, "Error Codes"), with
// the codes and message texts of errors.md.

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  body(): string {
    return JSON.stringify({ code: this.code, msg: this.message });
  }
}

const SYMBOL_RANGE = '^[A-Z0-9-_.]{1,20}$';
const NUMBER_RANGE = '^[0-9]{1,20}$';
export const SYMBOLS_RANGE = '^\\[("[A-Z0-9-_.]{1,20}"(,"[A-Z0-9-_.]{1,20}"){0,}){0,1}\\]$';

/** The messages of errors.md, as functions of the parameter they name. */
export const apiErrors = {
  /** -1003 TOO_MANY_REQUESTS. */
  tooMuchWeight: (limit: number, per: string) =>
    new ApiError(429, -1003, `Too much request weight used; current limit is ${limit} request weight per ${per}. Please use WebSocket Streams for live updates to avoid polling the API.`),
  /** -1020 UNSUPPORTED_OPERATION. */
  unsupported: () => new ApiError(400, -1020, 'This operation is not supported.'),
  /** -1100 ILLEGAL_CHARS. */
  illegalChars: (name: string, range: string) => new ApiError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '${range}'.`),
  illegalSymbol: (name = 'symbol') => apiErrors.illegalChars(name, SYMBOL_RANGE),
  illegalNumber: (name: string) => apiErrors.illegalChars(name, NUMBER_RANGE),
  /** -1101 TOO_MANY_PARAMETERS. */
  duplicateParameter: () => new ApiError(400, -1101, 'Duplicate values for a parameter detected.'),
  /** -1102 MANDATORY_PARAM_EMPTY_OR_MALFORMED. */
  mandatory: (name: string) => new ApiError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`),
  /** -1105 PARAM_EMPTY. */
  empty: (name: string) => new ApiError(400, -1105, `Parameter '${name}' was empty.`),
  /** -1120 BAD_INTERVAL. */
  badInterval: () => new ApiError(400, -1120, 'Invalid interval.'),
  /** -1121 BAD_SYMBOL. */
  badSymbol: () => new ApiError(400, -1121, 'Invalid symbol.'),
  /** -1122 INVALID_SYMBOLSTATUS. */
  badSymbolStatus: () => new ApiError(400, -1122, 'Invalid symbolStatus.'),
  /** -1128 OPTIONAL_PARAMS_BAD_COMBO. */
  badCombination: () => new ApiError(400, -1128, 'Combination of optional parameters invalid.'),
  /** -1130 INVALID_PARAMETER. */
  invalidValue: (name: string) => new ApiError(400, -1130, `Data sent for parameter '${name}' is not valid.`),
  /** -1151 DUPLICATE_SYMBOLS. */
  duplicateSymbols: () => new ApiError(400, -1151, 'Symbol is present multiple times in the list.'),
} as const;
