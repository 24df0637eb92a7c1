import { describe, expect, it } from 'vitest';
import { messageOf } from './message.js';

describe('messageOf', () => {
  it('takes a JSON line\'s message field as the message, its level and logger as attributes', () => {
    expect(messageOf('{"time":"2024-05-01T10:00:00Z","level":"WARN","logger":"db.pool","msg":"pool exhausted","waiting":12}')).toEqual({
      text: 'pool exhausted', level: 'warn', component: 'db.pool',
    });
    // Docker's json-file keeps the application's own header inside the log field
    expect(messageOf('{"log":"2024-05-01 10:00:00,123 ERROR [main] c.e.Pay: card declined\\n","stream":"stdout"}')).toEqual({
      text: 'card declined', level: 'error', component: 'c.e.Pay',
    });
    expect(messageOf('{"status":200,"path":"/cart"}')).toEqual({ text: 'status=200 path=/cart' });
    // the line end a shipper kept is not part of the message, whether LF or CRLF; a lone CR is
    expect(messageOf('{"log":"GET /cart 200\\r\\n"}').text).toBe('GET /cart 200');
    expect(messageOf('{"log":"GET /cart 200\\r"}').text).toBe('GET /cart 200\r');
  });

  it('takes a logfmt line\'s msg as the message', () => {
    expect(messageOf('ts=2024-05-01T10:00:00Z level=error caller=pay.go:42 msg="payment declined: card expired" order=o-17')).toEqual({
      text: 'payment declined: card expired', level: 'error', component: 'pay.go:42',
    });
    expect(messageOf('level=info msg=started')).toEqual({ text: 'started', level: 'info' });
    // key=value words in prose, or no message field: the line as it is
    expect(messageOf('user=root logged in')).toEqual({ text: 'user=root logged in' });
    expect(messageOf('status=200 path=/cart')).toEqual({ text: 'status=200 path=/cart' });
  });

  it('cuts a plain line\'s header off', () => {
    expect(messageOf('2024-05-01T10:00:00Z INFO Starting server')).toEqual({ text: 'Starting server', level: 'info' });
    expect(messageOf('no header here')).toEqual({ text: 'no header here' });
  });
});
