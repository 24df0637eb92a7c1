import { describe, expect, it } from 'vitest';
import { TokenKind, classesOf, differInValue, generalizeToken, isPureValue, maskSpan, maskToken, tokenCovers, tokenKind } from './mask.js';

describe('maskToken', () => {
  it('keeps words and punctuation as they are', () => {
    for (const word of ['Received', 'block', 'pam_unix(sshd:auth):', 'non-uberized,', "can't", '->', '[preauth]', 'ERROR']) {
      expect(maskToken(word)).toBe(word);
    }
  });

  it('masks numbers, signed and decimal, with brackets and punctuation kept around them', () => {
    expect(maskToken('42')).toBe('<*>');
    expect(maskToken('-17')).toBe('<*>');
    expect(maskToken('0.023958297')).toBe('<*>');
    expect(maskToken('[24200]')).toBe('[<*>]');
    expect(maskToken('(1.16')).toBe('(<*>');
    expect(maskToken('11:')).toBe('<*>:');
  });

  it('masks an identifier holding a number whole, and keeps the punctuation between values', () => {
    expect(maskToken('blk_-7724713468912166542')).toBe('<*>');
    expect(maskToken('attempt_1445144423722_0020_m_000000_0')).toBe('<*>');
    expect(maskToken('msra-sa-41')).toBe('<*>');
    expect(maskToken('v1.2.3')).toBe('<*>');
    expect(maskToken('PendingReds:1')).toBe('PendingReds:<*>');
    expect(maskToken('sshd[24200]:')).toBe('sshd[<*>]:');
    expect(maskToken('Event@5e5dca3b')).toBe('Event@<*>');
    expect(maskToken('a##17')).toBe('a##<*>');
    expect(maskToken('MININT-FNANLI5/10.86.169.121:53419')).toBe('MININT-FNANLI5/<*>:<*>');
  });

  it('takes an angle bracket that closes a value opened in an earlier token as the value\'s', () => {
    expect(maskToken('vCores:-17>')).toBe('vCores:<*>');
    expect(maskToken('<memory:1024>')).toBe('<memory:<*>>');
    expect(maskToken('keyId:-12)')).toBe('keyId:<*>)');
  });

  it('leaves names with digits glued to letters alone', () => {
    for (const name of ['ssh2', 'SOCKS5', 'test9', 'Log4jLoggerAdapter', 'x86']) expect(maskToken(name)).toBe(name);
  });

  it('masks IPv4, IPv6, host:port and ip:port', () => {
    expect(maskToken('10.251.30.6')).toBe('<*>');
    expect(maskToken('/10.251.30.6:33145')).toBe('<*>:<*>');
    expect(maskToken('fe80::1ff:fe23:4567:890a')).toBe('<*>');
    expect(maskToken('proxy.cse.cuhk.edu.hk:5070')).toBe('<*>:<*>');
    expect(maskToken('msra-sa-41:9000.')).toBe('<*>:<*>.');
    expect(maskToken('localhost:8080')).toBe('localhost:<*>');
  });

  it('masks hex ids, UUIDs and hashes but not short hex-looking words', () => {
    expect(maskToken('0x1F')).toBe('<*>');
    expect(maskToken('7317849d')).toBe('<*>');
    expect(maskToken('4bf92f3577b34da6a3ce929d0e0e4736')).toBe('<*>');
    expect(maskToken('550e8400-e29b-41d4-a716-446655440000')).toBe('<*>-<*>-<*>-<*>-<*>');
    expect(maskToken('ed25519')).toBe('ed25519');
    expect(maskToken('deadbeef')).toBe('deadbeef');
  });

  it('masks paths, URLs and emails', () => {
    expect(maskToken('/var/log/syslog')).toBe('<*>');
    expect(maskToken('C:\\Users\\me\\file.txt')).toBe('<*>');
    expect(maskToken('hdfs://msra-sa-41:9000/tmp/job.xml')).toBe('hdfs://<*>');
    expect(maskToken('[hdfs://msra-sa-41:9000]')).toBe('[hdfs://<*>:<*>]');
    expect(maskToken('[https://example.com/a?b=1]')).toBe('[https://<*>]');
    expect(maskToken('http://wiki.example.org/hadoop/NoRouteToHost')).toBe('http://wiki.example.org/hadoop/NoRouteToHost');
    expect(maskToken('alice@example.com')).toBe('<*>');
    expect(maskToken('and/or')).toBe('and/or');
    expect(maskToken('/default-rack')).toBe('/default-rack');
  });

  it('masks timestamps, durations and sizes', () => {
    expect(maskToken('2024-05-01T10:00:00.123456Z')).toBe('<*>');
    expect(maskToken('2015-10-18')).toBe('<*>');
    expect(maskToken('18:01:47,978')).toBe('<*>');
    expect(maskToken('65020ms')).toBe('<*>');
    expect(maskToken('1h30m')).toBe('<*>');
    expect(maskToken('1.5GB')).toBe('<*>');
    expect(maskToken('50%')).toBe('<*>%');
  });

  it('masks values of key=value but keeps the key, and word values', () => {
    expect(maskToken('uid=0')).toBe('uid=<*>');
    expect(maskToken('rhost=ec2-52-80-34-196.compute.amazonaws.com')).toBe('rhost=<*>');
    expect(maskToken('user=root')).toBe('user=root');
    expect(maskToken('ruser=')).toBe('ruser=');
    expect(maskToken('status="200"')).toBe('status="<*>"');
    expect(maskToken('headroom=<memory:10240,')).toBe('headroom=<memory:<*>,');
  });

  it('masks a quoted value that has no space, keeps the words of quoted prose', () => {
    expect(maskToken("'safety'")).toBe("'<*>'");
    expect(maskToken('"x-42",')).toBe('"<*>",');
    expect(maskToken('"connection')).toBe('"connection');
  });

  it('takes a comparison sign as part of the value', () => {
    expect(maskToken('<1')).toBe('<*>');
    expect(maskToken('>5')).toBe('<*>');
    expect(maskToken('~3')).toBe('<*>');
    expect(maskToken('->')).toBe('->');
  });
});

describe('maskSpan', () => {
  /** Masks the token of `line` that starts at `token`'s first occurrence, where it lies. */
  const inLine = (line: string, token: string): string | undefined => {
    const from = line.indexOf(token);
    return maskSpan(line, from, from + token.length, classesOf(line, from, from + token.length));
  };

  it('masks a token where it lies in its line, and says undefined for a word', () => {
    expect(inLine('took 5ms for blk_-42 at 10.0.0.1:80 ok', 'blk_-42')).toBe('<*>');
    expect(inLine('took 5ms for blk_-42 at 10.0.0.1:80 ok', '5ms')).toBe('<*>');
    expect(inLine('took 5ms for blk_-42 at 10.0.0.1:80 ok', 'took')).toBeUndefined();
    expect(inLine('user=root uid=0 rhost=a.example.com', 'uid=0')).toBe('uid=<*>');
    expect(inLine('user=root uid=0 rhost=a.example.com', 'user=root')).toBeUndefined();
  });

  it('reads nothing outside the token: brackets, quotes and colons of its neighbours stay theirs', () => {
    expect(inLine("'a 'x-42' b'", "'x-42'")).toBe("'<*>'");
    expect(inLine('"connection refused"', '"connection')).toBeUndefined();
    expect(inLine('at proxy.example.com :80', 'proxy.example.com')).toBeUndefined();
    expect(inLine('key= 0', 'key=')).toBeUndefined();
    expect(inLine("'x-42 y' z", "'x-42")).toBe("'<*>");
    expect(inLine('at ab12cd34ef: b=c:9', 'ab12cd34ef:')).toBe('<*>:');
  });

  it('agrees with maskToken on the token cut out', () => {
    const line = '[24200] /10.251.30.6:33145 hdfs://msra-sa-41:9000/tmp 550e8400-e29b-41d4-a716-446655440000 <1 2024-05-01T10:00:00Z alice@example.com';
    for (const token of line.split(' ')) expect(inLine(line, token) ?? token).toBe(maskToken(token));
  });
});

describe('token kinds', () => {
  it('tells words, names and values apart', () => {
    expect(tokenKind('RUNNING')).toBe(TokenKind.Word);
    expect(tokenKind('user=root')).toBe(TokenKind.Word);
    expect(tokenKind('test9')).toBe(TokenKind.Ident);
    expect(tokenKind('org.apache.hadoop.Foo')).toBe(TokenKind.Ident);
    expect(tokenKind('blk_<*>')).toBe(TokenKind.Var);
    expect(isPureValue('[<*>]')).toBe(true);
    expect(isPureValue('blk_<*>')).toBe(false);
  });
});

describe('generalising tokens', () => {
  it('turns the pieces that differ into whole wildcards and keeps the punctuation between them', () => {
    expect(generalizeToken('rhost=<*>', 'rhost=a.example.com')).toBe('rhost=<*>');
    expect(generalizeToken('user=root', 'user=admin')).toBe('user=<*>');
    expect(generalizeToken('admin', 'oracle')).toBe('<*>');
    expect(generalizeToken('MSRA-SA-X.corp.com', '04DN8IQ.corp.com')).toBe('<*>');
    expect(generalizeToken('a.example.com:<*>', 'b.example.org:<*>')).toBe('<*>:<*>');
    expect(generalizeToken('[a]', '[b,c]')).toBe('[<*>]');
    expect(generalizeToken('<*> seconds', '<*>')).toBe('<*>');
    expect(generalizeToken('same', 'same')).toBe('same');
  });

  it('knows when a template token covers a line token', () => {
    expect(tokenCovers('user=<*>', 'user=root')).toBe(true);
    expect(tokenCovers('[<*>]', '[<*>]')).toBe(true);
    expect(tokenCovers('user=<*>', 'uid=0')).toBe(false);
    expect(tokenCovers('<*>.corp.com', 'a.b.corp.com')).toBe(true);
  });

  it('lets masked tokens differ in digits or beside a value, not in their constant letters', () => {
    expect(differInValue('rhost=<*>', 'rhost=<*>.dyn.example.net')).toBe(true);
    expect(differInValue('(uid=<*>)', 'LOGIN(uid=<*>)')).toBe(false);
    expect(differInValue('mapResourceRequest:<memory:<*>,', 'reduceResourceRequest:<memory:<*>,')).toBe(false);
    expect(differInValue('a.example.com', 'b.example.org')).toBe(true);
  });
});
