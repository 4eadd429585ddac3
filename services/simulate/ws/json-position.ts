// Where a JSON text stops being JSON, for Binance's error message
// `Invalid JSON: expected value at line L column C` (web-socket-streams.md,
// "Error Messages"). V8's JSON.parse gives no position for some errors, so
// this small scanner walks the grammar and reports the first bad character.

export interface JsonProblem {
  /** 0-based offset of the offending character; the text's length at end of input. */
  readonly offset: number;
  readonly endOfInput: boolean;
}

class BadJson extends Error {
  constructor(readonly offset: number) {
    super('bad json');
  }
}

/** The first syntax error of `text`, or undefined when it is valid JSON. */
export function findJsonProblem(text: string): JsonProblem | undefined {
  const scanner = new Scanner(text);
  try {
    scanner.value();
    scanner.space();
    if (scanner.at < text.length) throw new BadJson(scanner.at);
    return undefined;
  } catch (error) {
    if (!(error instanceof BadJson)) throw error;
    return { offset: Math.min(error.offset, text.length), endOfInput: error.offset >= text.length };
  }
}

/** 1-based line and column of an offset; at end of input, the last character read (as serde_json counts). */
export function lineAndColumn(text: string, problem: JsonProblem): { line: number; column: number } {
  const offset = problem.endOfInput ? Math.max(0, text.length - 1) : problem.offset;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON strings may not hold raw control characters
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

class Scanner {
  at = 0;

  constructor(private readonly text: string) {}

  space(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at] as string)) this.at++;
  }

  value(): void {
    this.space();
    const char = this.text[this.at];
    if (char === '{') this.object();
    else if (char === '[') this.array();
    else if (char === '"') this.match(STRING);
    else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) this.match(NUMBER);
    else this.literal();
  }

  private object(): void {
    this.at++;
    this.space();
    if (this.text[this.at] === '}') {
      this.at++;
      return;
    }
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') throw new BadJson(this.at);
      this.match(STRING);
      this.expect(':');
      this.value();
      if (this.closes('}')) return;
    }
  }

  private array(): void {
    this.at++;
    this.space();
    if (this.text[this.at] === ']') {
      this.at++;
      return;
    }
    for (;;) {
      this.value();
      if (this.closes(']')) return;
    }
  }

  /** After an element: true at the closing bracket, false after a comma. */
  private closes(close: string): boolean {
    this.space();
    const char = this.text[this.at];
    this.at++;
    if (char === close) return true;
    if (char === ',') return false;
    throw new BadJson(this.at - 1);
  }

  private expect(char: string): void {
    this.space();
    if (this.text[this.at] !== char) throw new BadJson(this.at);
    this.at++;
  }

  private literal(): void {
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return;
      }
    }
    throw new BadJson(this.at);
  }

  private match(pattern: RegExp): void {
    pattern.lastIndex = this.at;
    if (!pattern.test(this.text)) throw new BadJson(this.at);
    this.at = pattern.lastIndex;
  }
}
