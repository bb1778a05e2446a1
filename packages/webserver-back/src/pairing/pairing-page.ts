import { PAIRING_CODE_ALPHABET } from './pairing-code';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

/**
 * What an unpaired browser gets instead of the app (which would show nothing: the old front end
 * swallows every 401): how to pair, and a form for the short code shown on the MAPIO screen.
 */
export function pairingPage(problem?: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pair with your MAPIO</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; color: #222; }
  h1 { font-size: 1.4rem; }
  input { font: 1.4rem monospace; letter-spacing: .15em; text-transform: uppercase; width: 11ch; padding: .3rem; }
  button { font-size: 1.1rem; padding: .4rem 1rem; }
  .problem { color: #a40000; }
</style>
</head>
<body>
<h1>Pair this browser with your MAPIO</h1>
<p>This MAPIO only answers browsers paired with it. On the MAPIO, press the DOWN button until the
<strong>WEB SERVER</strong> page shows, then either:</p>
<ul>
  <li>scan its QR code with this phone or tablet, or</li>
  <li>type the short code shown under the QR code here:</li>
</ul>
${problem ? `<p class="problem" role="alert">${escape(problem)}</p>\n` : ''}<form method="get" action="/pair">
  <label>Code <input name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" required
    pattern="[${PAIRING_CODE_ALPHABET}${PAIRING_CODE_ALPHABET.toLowerCase()}]{4}-?[${PAIRING_CODE_ALPHABET}${PAIRING_CODE_ALPHABET.toLowerCase()}]{4}" placeholder="XXXX-XXXX"></label>
  <button type="submit">Pair</button>
</form>
<p>If the screen shows no code, press the middle button on the WEB SERVER page to turn the web server
off and on again: that makes a new one.</p>
</body>
</html>
`;
}
