// End-to-end: the official ACP SDK client drives `chat-sidecar.jar --acp` against the fake backend.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { AcpAgent, FakeBackend, LOCAL_MODEL, SIDECAR_JAR, acp, cleanEnv, closedPort, eventually, requireFile } from './support.mjs';

describe('chat-sidecar --acp with the fake backend', () => {
  let fake;
  let agent;

  before(async () => {
    fake = await FakeBackend.start();
    agent = AcpAgent.start(cleanEnv({
      CHAT_SIDECAR_CHATGPT_BASE_URL: fake.baseUrl,
      OPENAI_BASE_URL: fake.openaiBaseUrl,
      CHAT_SIDECAR_LOCAL_MODEL: requireFile(LOCAL_MODEL),
    }));
  });

  after(async () => {
    await agent?.close();
    await fake?.stop();
  });

  test('initialize states the protocol version and honest capabilities', async () => {
    const result = await agent.initialize();
    assert.equal(result.protocolVersion, acp.PROTOCOL_VERSION);
    assert.deepEqual(result.agentCapabilities.promptCapabilities, { image: false, audio: false, embeddedContext: true });
    assert.equal(result.agentCapabilities.loadSession, false);
    assert.deepEqual(result.agentCapabilities.mcpCapabilities, { http: false, sse: false });
    assert.deepEqual(result.authMethods, []);
    assert.equal(result.agentInfo.name, 'chat-sidecar');
  });

  test('a client asking for a newer protocol version is answered with the one the agent speaks', async () => {
    const result = await agent.request(acp.methods.agent.initialize, { protocolVersion: 99 });
    assert.equal(result.protocolVersion, 1);
  });

  test('session/new offers the models as a model selector set to the default model', async () => {
    const session = await agent.newSession();
    assert.match(session.sessionId, /^sess_/);
    const [model] = session.configOptions;
    assert.equal(model.id, 'model');
    assert.equal(model.category, 'model');
    assert.equal(model.type, 'select');
    assert.equal(model.currentValue, 'auto');
    const values = model.options.map((o) => o.value);
    for (const id of ['auto', 'openai/fake-gpt', 'openai/fake-mini', 'local/stories260K']) {
      assert.ok(values.includes(id), `${id} in ${values}`);
    }
  });

  test('a prompt streams agent_message_chunk updates that add up to the answer, then end_turn', async () => {
    const { sessionId } = await agent.newSession();
    const { response, updates, text } = await agent.prompt(sessionId, 'hello there, sidecar');
    assert.equal(response.stopReason, 'end_turn');
    assert.equal(text, 'You said: hello there, sidecar');
    const chunks = updates.filter((u) => u.sessionUpdate === 'agent_message_chunk');
    assert.ok(chunks.length > 1, `streamed in pieces, got ${chunks.length}`);
    assert.ok(chunks.every((u) => u.content.type === 'text'));
  });

  test('a follow-up in the same session continues the conversation', async () => {
    const { sessionId } = await agent.newSession();
    await agent.prompt(sessionId, 'first question');
    const second = await agent.prompt(sessionId, 'second question');
    // the fake numbers the turns of a conversation it was asked to continue
    assert.equal(second.text, 'You said: second question (turn 2)');
    const other = await agent.newSession();
    assert.equal((await agent.prompt(other.sessionId, 'second question')).text, 'You said: second question');
  });

  test('embedded resources and resource links become the same context on every backend', async () => {
    const prompt = [
      { type: 'text', text: 'Explain this:' },
      { type: 'resource', resource: { uri: 'file:///project/app.js', mimeType: 'text/javascript', text: 'let a = 1;\n' } },
      { type: 'resource_link', uri: 'https://example.com/spec', name: 'the spec' },
    ];
    const expected = 'Explain this:\n\nFile: file:///project/app.js\n```\nlet a = 1;\n```\n\nReferenced: the spec <https://example.com/spec>';
    const chatgpt = await agent.newSession();
    assert.equal((await agent.prompt(chatgpt.sessionId, prompt)).text, `You said: ${expected}`);
    const openai = await agent.newSession();
    await agent.request(acp.methods.agent.session.setConfigOption, { sessionId: openai.sessionId, configId: 'model', value: 'openai/fake-gpt' });
    assert.equal((await agent.prompt(openai.sessionId, prompt)).text, `You said: ${expected}`);
  });

  test('session/cancel answers cancelled within a second and closes the upstream stream', async (t) => {
    const { sessionId } = await agent.newSession();
    const abortsBefore = (await fake.stats()).clientAborts;
    const firstChunk = agent.nextUpdate(sessionId, (u) => u.sessionUpdate === 'agent_message_chunk');
    const answer = agent.prompt(sessionId, '[[slow]] tell me a long story');
    await firstChunk;
    const cancelledAt = Date.now();
    await agent.notify(acp.methods.agent.session.cancel, { sessionId });
    const { response } = await answer;
    const elapsed = Date.now() - cancelledAt;
    assert.equal(response.stopReason, 'cancelled');
    assert.ok(elapsed < 1000, `answered ${elapsed} ms after the cancel`);
    t.diagnostic(`cancelled answered ${elapsed} ms after session/cancel`);
    await eventually('the upstream stream to be closed by the sidecar', () => fake.stats(), (s) => s.clientAborts > abortsBefore);
    // the session goes on: the next prompt is answered
    assert.equal((await agent.prompt(sessionId, '[[chunks:3]]')).response.stopReason, 'end_turn');
  });

  test('an upstream error carries the contract data with its hint, and the agent keeps serving', async () => {
    const { sessionId } = await agent.newSession();
    await assert.rejects(agent.prompt(sessionId, 'please [[error:429]]'), (error) => {
      assert.equal(error.code, -32012);
      assert.equal(error.data.type, 'rate_limited');
      assert.equal(error.data.retryable, true);
      assert.equal(error.data.retryAfterMs, 37000);
      assert.ok(error.data.message.length > 0);
      assert.ok(error.data.hint.length > 0, 'a hint to show');
      return true;
    });
    assert.equal((await agent.prompt(sessionId, 'still there?')).text, 'You said: still there?');
  });

  test('a token limit ends the turn with max_tokens', async () => {
    const { sessionId } = await agent.newSession();
    assert.equal((await agent.prompt(sessionId, 'cut short [[length]]')).response.stopReason, 'max_tokens');
  });

  test('session/set_config_option selects the model that answers', async () => {
    const { sessionId } = await agent.newSession();
    const postsBefore = (await fake.stats()).counts.openaiChat;
    const set = await agent.request(acp.methods.agent.session.setConfigOption, { sessionId, configId: 'model', value: 'openai/fake-mini' });
    assert.equal(set.configOptions[0].currentValue, 'openai/fake-mini');
    assert.equal((await agent.prompt(sessionId, 'which model?')).text, 'You said: which model?');
    const stats = await fake.stats();
    assert.equal(stats.counts.openaiChat, postsBefore + 1);
    const posted = stats.requests.filter((r) => r.path === '/v1/chat/completions').at(-1);
    assert.equal(JSON.parse(posted.body).model, 'fake-mini');
  });

  test('an unknown model is refused naming the models there are', async () => {
    const { sessionId } = await agent.newSession();
    await assert.rejects(agent.request(acp.methods.agent.session.setConfigOption, { sessionId, configId: 'model', value: 'no-such-model' }),
      (error) => {
        assert.equal(error.code, -32602);
        assert.equal(error.data.type, 'invalid_request');
        assert.match(error.data.message, /unknown model "no-such-model".*auto/);
        return true;
      });
  });

  test('the embedded model answers when chosen', async () => {
    const { sessionId } = await agent.newSession();
    await agent.request(acp.methods.agent.session.setConfigOption, { sessionId, configId: 'model', value: 'local/stories260K' });
    const { response, text } = await agent.prompt(sessionId, 'Once upon a time');
    assert.ok(['end_turn', 'max_tokens'].includes(response.stopReason));
    assert.ok(text.length > 0);
  });

  test('prompt content the agent does not accept is refused with a precise message', async () => {
    const { sessionId } = await agent.newSession();
    await assert.rejects(agent.prompt(sessionId, [{ type: 'image', data: 'AAAA', mimeType: 'image/png' }]), (error) => {
      assert.equal(error.code, -32602);
      assert.match(error.data.message, /prompt\[0\] is image content/);
      return true;
    });
    await assert.rejects(agent.prompt('sess_unknown', 'hi'), /unknown sessionId/);
  });

  test('stdout carries nothing but JSON-RPC lines', async () => {
    const lines = agent.stdoutText().split('\n');
    assert.equal(lines.pop(), '', 'the last message ends with a newline');
    assert.ok(lines.length > 20);
    for (const line of lines) {
      assert.equal(JSON.parse(line).jsonrpc, '2.0', line);
    }
  });
});

describe('chat-sidecar --acp model availability and end of input', () => {
  test('an unavailable model is explained, and end of input ends the process with 0 and aborts the upstream', async () => {
    const fake = await FakeBackend.start();
    const agent = AcpAgent.start(cleanEnv({ CHAT_SIDECAR_CHATGPT_BASE_URL: fake.baseUrl }));
    try {
      await agent.initialize();
      const { sessionId, configOptions } = await agent.newSession();
      const openai = configOptions[0].options.find((o) => o.value.startsWith('openai/'));
      assert.match(openai.description, /unavailable: No OpenAI-compatible server is configured/);
      await assert.rejects(agent.request(acp.methods.agent.session.setConfigOption, { sessionId, configId: 'model', value: openai.value }),
        (error) => {
          assert.equal(error.data.type, 'invalid_request');
          assert.match(error.data.message, /is unavailable: No OpenAI-compatible server is configured/);
          assert.ok(error.data.hint.length > 0);
          return true;
        });
      const firstChunk = agent.nextUpdate(sessionId, (u) => u.sessionUpdate === 'agent_message_chunk');
      agent.prompt(sessionId, '[[slow]] a long answer').catch(() => {});
      await firstChunk;
      const closedAt = Date.now();
      const { code } = await agent.close();
      assert.equal(code, 0);
      assert.ok(Date.now() - closedAt < 2000, `exited ${Date.now() - closedAt} ms after end of input`);
      await eventually('the upstream stream to be closed', () => fake.stats(), (s) => s.clientAborts >= 1);
    } finally {
      agent.child.kill('SIGKILL');
      await fake.stop();
    }
  });

  test('an unreachable backend fails with unreachable and a hint', async () => {
    const agent = AcpAgent.start(cleanEnv({ CHAT_SIDECAR_CHATGPT_BASE_URL: `http://127.0.0.1:${await closedPort()}` }));
    try {
      await agent.initialize();
      const { sessionId } = await agent.newSession();
      await assert.rejects(agent.prompt(sessionId, 'hello'), (error) => {
        assert.equal(error.code, -32014);
        assert.equal(error.data.type, 'unreachable');
        assert.ok(error.data.hint.length > 0);
        return true;
      });
    } finally {
      await agent.close();
    }
  });
});

describe('chat-sidecar --help', () => {
  test('names --acp', async () => {
    const run = spawnSync('java', ['-jar', requireFile(SIDECAR_JAR), '--help'], { encoding: 'utf8' });
    assert.equal(run.status, 0);
    assert.match(run.stdout, /java -jar chat-sidecar\.jar --acp/);
  });
});
