import { CliError } from './output';

interface Input extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/**
 * Reads a secret: from a terminal, after a prompt on stderr and without echo; from a pipe, its
 * first line (`pass show sextant | sextant login`). Never from argv, which `ps` shows to others.
 */
export async function readSecret(
  prompt: string,
  input: Input = process.stdin,
  prompts: { write(chunk: string): unknown } = process.stderr,
): Promise<string> {
  const secret =
    input.isTTY && input.setRawMode
      ? await fromTerminal(prompt, input, prompts)
      : await firstLine(input);
  return secret.trim();
}

async function firstLine(input: Input): Promise<string> {
  let text = '';
  input.setEncoding('utf8');
  for await (const chunk of input) {
    text += String(chunk);
    const end = text.indexOf('\n');
    if (end >= 0) return text.slice(0, end);
  }
  return text;
}

function fromTerminal(
  prompt: string,
  input: Input,
  prompts: { write(chunk: string): unknown },
): Promise<string> {
  prompts.write(prompt);
  input.setRawMode!(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let secret = '';
    const finish = (error?: Error) => {
      input.removeListener('data', onData);
      input.setRawMode!(false);
      input.pause();
      prompts.write('\n');
      if (error) reject(error);
      else resolve(secret);
    };
    const onData = (chunk: string | Buffer) => {
      // A paste arrives as one chunk of many characters.
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new CliError('cancelled', 'CANCELLED', 130));
        if (char === '\u007f' || char === '\b') secret = secret.slice(0, -1);
        else if (char >= ' ') secret += char;
      }
    };
    input.on('data', onData);
  });
}
