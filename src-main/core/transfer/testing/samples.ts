/**
 * Sample files of the formats Modeldesk imports, written for the tests from the formats' documented shapes (no
 * file of anyone's is copied): a ChatGPT data export (conversations.json with a branching message tree, image
 * asset pointers, code, a quoted source, hidden and system messages; and its .zip with the images beside it),
 * Chatbox exported data in its newer (session keys, contentParts, usage) and older (`chat-sessions`, `content`)
 * layouts, and generators of large exports for the 10,000-conversation measurement.
 */
import { writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import yazl from 'yazl';
import { pngBytes } from '../../storage/testing/fixtures';

const T0 = 1_735_000_000; // 2024-12-24, seconds

type Node = { id: string; message: unknown; parent: string | null; children: string[] };

function message(id: string, role: string, content: unknown, extra: Record<string, unknown> = {}) {
  return {
    id,
    author: { role, name: null, metadata: {} },
    create_time: T0 + Number(id.replace(/\D/g, '') || 0) * 10,
    update_time: null,
    content,
    status: 'finished_successfully',
    end_turn: role === 'assistant' ? true : null,
    weight: 1,
    metadata: {},
    recipient: 'all',
    channel: null,
    ...extra,
  };
}

const text = (...parts: string[]) => ({ content_type: 'text', parts });

/** The code block inside an answer's text, itself holding a fence (``` inside a Markdown example). */
export const CODE_WITH_FENCE = 'print("""\n```js\nconsole.log(1)\n```\n""")';

/**
 * Two conversations. The first branches: the user edited their question (msg-3 vs msg-5), and regenerated the
 * answer to the edit (msg-6 vs msg-7); `current_node` is msg-9, on the edited question and the second answer.
 * The second has an uploaded image (asset pointer), a code message and a quoted source.
 */
export function chatGptConversations(): unknown[] {
  const nodes: Node[] = [
    { id: 'root', message: null, parent: null, children: ['msg-1'] },
    { id: 'msg-1', message: message('msg-1', 'system', text('')), parent: 'root', children: ['msg-2'] },
    {
      id: 'msg-2',
      message: message('msg-2', 'user', text('Custom instructions'), {
        metadata: { is_visually_hidden_from_conversation: true },
      }),
      parent: 'msg-1',
      children: ['msg-3', 'msg-5'],
    },
    {
      id: 'msg-3',
      message: message('msg-3', 'user', text('What is a monad?')),
      parent: 'msg-2',
      children: ['msg-4'],
    },
    {
      id: 'msg-4',
      message: message('msg-4', 'assistant', text('A burrito (first branch).'), {
        metadata: { model_slug: 'gpt-4' },
      }),
      parent: 'msg-3',
      children: [],
    },
    {
      id: 'msg-5',
      message: message('msg-5', 'user', text('Explain a monad to a Python programmer.')),
      parent: 'msg-2',
      children: ['msg-6', 'msg-7'],
    },
    {
      id: 'msg-6',
      message: message('msg-6', 'assistant', text('Discarded regeneration.'), {
        metadata: { model_slug: 'gpt-4o' },
      }),
      parent: 'msg-5',
      children: [],
    },
    {
      id: 'msg-7',
      message: message('msg-7', 'assistant', text('Think of it as a chainable container.'), {
        metadata: { model_slug: 'gpt-4o' },
      }),
      parent: 'msg-5',
      children: ['msg-8'],
    },
    {
      id: 'msg-8',
      message: message('msg-8', 'user', text('Show me code.')),
      parent: 'msg-7',
      children: ['msg-9'],
    },
    {
      id: 'msg-9',
      message: message('msg-9', 'assistant', text(`Here:\n\n\`\`\`\`python\n${CODE_WITH_FENCE}\n\`\`\`\``), {
        metadata: { model_slug: 'gpt-4o' },
      }),
      parent: 'msg-8',
      children: [],
    },
  ];
  const second: Node[] = [
    { id: 'r', message: null, parent: null, children: ['a1'] },
    {
      id: 'a1',
      message: message('a1', 'user', {
        content_type: 'multimodal_text',
        parts: [
          {
            content_type: 'image_asset_pointer',
            asset_pointer: 'file-service://file-Abc123XYZ',
            size_bytes: 120,
            width: 4,
            height: 4,
            fovea: null,
            metadata: null,
          },
          'What colour is this square?',
        ],
      }),
      parent: 'r',
      children: ['a2'],
    },
    {
      id: 'a2',
      message: message(
        'a2',
        'assistant',
        { content_type: 'code', language: 'python', text: 'analyse("square.png")' },
        {
          metadata: { model_slug: 'gpt-4o' },
          recipient: 'python',
        },
      ),
      parent: 'a1',
      children: ['a3'],
    },
    {
      id: 'a3',
      message: message('a3', 'tool', { content_type: 'execution_output', text: 'grey' }),
      parent: 'a2',
      children: ['a4'],
    },
    {
      id: 'a4',
      message: message('a4', 'tool', {
        content_type: 'tether_quote',
        url: 'https://example.org/colours',
        domain: 'example.org',
        title: 'Colours',
        text: 'Grey is between black and white.',
      }),
      parent: 'a3',
      children: ['a5'],
    },
    {
      id: 'a5',
      message: message('a5', 'assistant', text('It is grey.'), { metadata: { model_slug: 'gpt-4o' } }),
      parent: 'a4',
      children: [],
    },
  ];
  const asMapping = (list: Node[]) => Object.fromEntries(list.map((n) => [n.id, n]));
  return [
    {
      title: 'Monads, explained',
      create_time: T0,
      update_time: T0 + 200,
      mapping: asMapping(nodes),
      moderation_results: [],
      current_node: 'msg-9',
      plugin_ids: null,
      conversation_id: '6751a0b2-0000-4000-8000-000000000001',
      conversation_template_id: null,
      gizmo_id: null,
      is_archived: false,
      default_model_slug: 'gpt-4o',
      id: '6751a0b2-0000-4000-8000-000000000001',
    },
    {
      title: 'A grey square',
      create_time: T0 + 1000,
      update_time: T0 + 1100,
      mapping: asMapping(second),
      current_node: 'a5',
      conversation_id: '6751a0b2-0000-4000-8000-000000000002',
      default_model_slug: 'gpt-4o',
      id: '6751a0b2-0000-4000-8000-000000000002',
    },
  ];
}

/** The image the second conversation points at, as the export names it. */
export const CHATGPT_IMAGE_NAME = 'file-Abc123XYZ-square.png';
export const chatGptImage = () => pngBytes(4, 4, () => [128, 128, 128]);

export async function writeZip(path: string, files: Record<string, Buffer | string>): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) {
    zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name, { compress: true });
  }
  const out = createWriteStream(path);
  zip.outputStream.pipe(out);
  zip.end();
  await once(out, 'close');
}

/** ChatGPT's export archive: conversations.json, chat.html, user.json and the uploaded image. */
export async function writeChatGptZip(
  path: string,
  conversations: unknown[] = chatGptConversations(),
): Promise<void> {
  await writeZip(path, {
    'conversations.json': JSON.stringify(conversations),
    'chat.html': '<html><body>Exported chats</body></html>',
    'user.json': JSON.stringify({ id: 'user-1', email: 'someone@example.org' }),
    [CHATGPT_IMAGE_NAME]: chatGptImage(),
  });
}

const part = (t: string) => ({ type: 'text', text: t });

/** Chatbox ≥ 1.x (configVersion 14): chat-sessions-list plus one session:<id> key per session. */
export function chatboxExport(): Record<string, unknown> {
  const session = {
    id: 'b5b1c1e2-1111-4e8a-9c59-000000000001',
    name: 'Trip to Lisbon',
    type: 'chat',
    starred: false,
    settings: { provider: 'claude', modelId: 'claude-3-5-sonnet-20241022', temperature: 0.7 },
    messages: [
      {
        id: 'm0',
        role: 'system',
        contentParts: [part('You are a helpful travel assistant.')],
        timestamp: 1_736_000_000_000,
      },
      {
        id: 'm1',
        role: 'user',
        contentParts: [part('Plan two days in Lisbon.'), { type: 'image', storageKey: 'picture:abc:1' }],
        timestamp: 1_736_000_010_000,
      },
      {
        id: 'm2',
        role: 'assistant',
        contentParts: [
          { type: 'reasoning', text: 'Two days: Alfama, Belém.' },
          part('Day 1: Alfama. Day 2: Belém.'),
        ],
        aiProvider: 'claude',
        model: 'Claude (claude-3-5-sonnet-20241022)',
        usage: {
          inputTokens: 120,
          outputTokens: 60,
          totalTokens: 180,
          reasoningTokens: 10,
          cachedInputTokens: 20,
        },
        timestamp: 1_736_000_020_000,
        firstTokenLatency: 400,
        tokenCount: 60,
        wordCount: 8,
      },
    ],
    threads: [
      {
        id: 'th1',
        name: 'Earlier',
        createdAt: 1_735_999_000_000,
        messages: [
          { id: 't1', role: 'user', contentParts: [part('Is Lisbon hilly?')], timestamp: 1_735_999_000_000 },
          {
            id: 't2',
            role: 'assistant',
            contentParts: [part('Very.')],
            aiProvider: 'openai',
            model: 'OpenAI (gpt-4o-mini)',
            timestamp: 1_735_999_001_000,
          },
        ],
      },
    ],
    messageForksHash: { m2: { position: 0, lists: [{ id: 'f', messages: [] }], createdAt: 1 } },
  };
  const picture = {
    id: 'b5b1c1e2-1111-4e8a-9c59-000000000002',
    name: 'Images',
    type: 'picture',
    messages: [],
  };
  return {
    settings: { theme: 1, language: 'en', providers: {} },
    configVersion: 14,
    myCopilots: [],
    'chat-sessions-list': [
      { id: session.id, name: session.name, type: 'chat' },
      { id: picture.id, name: picture.name, type: 'picture' },
    ],
    [`session:${session.id}`]: session,
    [`session:${picture.id}`]: picture,
    __exported_items: ['setting', 'conversations', 'copilot'],
    __exported_at: '2025-01-05T10:00:00.000Z',
  };
}

/** Chatbox before configVersion 8: all sessions in `chat-sessions`, messages with `content`. */
export function chatboxOldExport(): Record<string, unknown> {
  return {
    settings: { aiProvider: 'openai', model: 'gpt-3.5-turbo' },
    configVersion: 5,
    'chat-sessions': [
      {
        id: 'old-1',
        name: 'Old chat',
        messages: [
          { id: 'o1', role: 'user', content: 'Hello from 2023', timestamp: 1_690_000_000_000 },
          {
            id: 'o2',
            role: 'assistant',
            content: 'Hi!',
            model: 'gpt-3.5-turbo',
            aiProvider: 'openai',
            tokensUsed: 12,
            timestamp: 1_690_000_001_000,
          },
        ],
      },
    ],
    __exported_items: ['setting', 'conversations'],
    __exported_at: '2023-08-01T00:00:00.000Z',
  };
}

/** A ChatGPT export of `count` conversations of `turns` question/answer pairs each (a straight branch). */
export function writeLargeChatGptExport(path: string, count: number, turns = 5): void {
  const out: string[] = [];
  for (let c = 0; c < count; c++) {
    const mapping: Record<string, Node> = {
      root: { id: 'root', message: null, parent: null, children: ['n0'] },
    };
    let parent = 'root';
    for (let i = 0; i < turns * 2; i++) {
      const id = `n${i}`;
      const role = i % 2 === 0 ? 'user' : 'assistant';
      mapping[id] = {
        id,
        message: message(
          id,
          role,
          text(
            `${role === 'user' ? 'Question' : 'Answer'} ${i} of conversation ${c}: ${'lorem ipsum '.repeat(20)}`,
          ),
          role === 'assistant' ? { metadata: { model_slug: 'gpt-4o' } } : {},
        ),
        parent,
        children: i + 1 < turns * 2 ? [`n${i + 1}`] : [],
      };
      parent = id;
    }
    out.push(
      JSON.stringify({
        title: `Conversation ${c}`,
        create_time: T0 + c,
        update_time: T0 + c,
        mapping,
        current_node: parent,
        conversation_id: `large-${c}`,
        id: `large-${c}`,
      }),
    );
  }
  writeFileSync(path, `[${out.join(',')}]`);
}
