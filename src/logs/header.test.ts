import { describe, expect, it } from 'vitest';
import { readHeader } from './header.js';

/** The header text, the message, and the attributes read from one line. */
function split(line: string) {
  const h = readHeader(line);
  return { header: line.slice(0, h.messageStart).trimEnd(), message: line.slice(h.messageStart), level: h.level, component: h.component };
}

describe('readHeader', () => {
  it('reads the headers of Java, Python, Go and Android loggers', () => {
    expect(split('081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_1 terminating')).toEqual({
      header: '081109 203615 148 INFO dfs.DataNode$PacketResponder:', message: 'PacketResponder 1 for block blk_1 terminating', level: 'info', component: 'dfs.DataNode$PacketResponder',
    });
    expect(split('2015-10-18 18:05:27,570 WARN [LeaseRenewer:msrabi@msra-sa-41:9000] org.apache.hadoop.ipc.Client: Address change detected.')).toMatchObject({
      message: 'Address change detected.', level: 'warn', component: 'org.apache.hadoop.ipc.Client',
    });
    expect(split('2015-10-18 18:04:11,034 ERROR [RMCommunicator Allocator] org.example.Allocator: Container complete')).toMatchObject({ message: 'Container complete', level: 'error' });
    expect(split('17/06/09 20:10:40 INFO executor.Backend: Registered signal handlers for [TERM, HUP, INT]')).toMatchObject({ message: 'Registered signal handlers for [TERM, HUP, INT]' });
    expect(split('2024-05-01 10:00:00.123 [main] INFO  c.e.App - Started App in 3.2 seconds')).toMatchObject({ message: 'Started App in 3.2 seconds', component: 'c.e.App' });
    expect(split('2024-05-01 10:00:00,123 - app.db - ERROR - connection lost')).toMatchObject({ message: 'connection lost', level: 'error', component: 'app.db' });
    expect(split('2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200')).toMatchObject({
      message: 'Notification time out: 3200', level: 'info',
    });
    expect(split('I0501 10:00:00.123456   12345 server.go:123] Starting server')).toMatchObject({ message: 'Starting server', level: 'info', component: 'server.go' });
    expect(split('03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogs')).toMatchObject({ message: 'printFreezingDisplayLogs', level: 'debug', component: 'WindowManager' });
    expect(split('2024-05-01T10:00:00Z INFO Starting server on port 8080')).toMatchObject({ message: 'Starting server on port 8080', level: 'info' });
  });

  it('reads syslog headers: time, host, program and pid', () => {
    expect(split('Dec 10 06:55:46 LabSZ sshd[24200]: error: Received disconnect from 1.2.3.4: 11: Bye')).toEqual({
      header: 'Dec 10 06:55:46 LabSZ sshd[24200]:', message: 'error: Received disconnect from 1.2.3.4: 11: Bye', level: undefined, component: 'sshd',
    });
    expect(split('Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown')).toMatchObject({ message: 'check pass; user unknown', component: 'sshd(pam_unix)' });
    expect(split('Jul 27 14:41:58 combo kernel: Linux version 2.6.5')).toMatchObject({ message: 'Linux version 2.6.5', component: 'kernel' });
    expect(split('Jul  1 09:01:05 calvisitor-10-105-160-95 com.apple.CDScheduler[43]: Thermal pressure state: 1')).toMatchObject({ message: 'Thermal pressure state: 1' });
    expect(split('- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root')).toMatchObject({
      message: 'session closed for user root', component: 'crond(pam_unix)',
    });
  });

  it('reads bracketed times, levels and program names', () => {
    expect(split('[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties')).toMatchObject({
      message: 'workerEnv.init() ok /etc/httpd/conf/workers2.properties', level: 'info',
    });
    expect(split('[10.30 16:49:06] chrome.exe *64 - proxy.example.com:5070 open through proxy')).toMatchObject({
      message: 'proxy.example.com:5070 open through proxy', component: 'chrome.exe',
    });
    expect(split('- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected')).toMatchObject({
      message: 'instruction cache parity error corrected', level: 'info',
    });
    expect(split('20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579')).toMatchObject({ message: 'onStandStepChanged 3579', component: 'Step_LSC' });
    expect(split('2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack')).toMatchObject({ message: 'CBS    Loaded Servicing Stack', level: 'info' });
  });

  it('leaves lines without a time or a level as they are, and messages that start with a word like a level', () => {
    for (const line of [
      'user ann logged in from 10.0.3.4',
      'Failed password for root from 5.36.59.76 port 42393 ssh2',
      'ERROR IN CONTACTING RM.',
      '10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326',
      'Received disconnect from 1.2.3.4: 11: Bye Bye [preauth]',
      '- item one',
      '',
    ]) {
      expect(readHeader(line).messageStart).toBe(0);
    }
    expect(split('2024-05-01 10:00:00 I think so')).toMatchObject({ message: 'I think so', level: undefined });
    expect(split('[ERROR] disk full')).toMatchObject({ message: 'disk full', level: 'error' });
  });
});
