import { describe, expect, it } from 'vitest';
import { OffsetCommits, type HandledOffset } from './offset-commits.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** A commit that records each request it was asked to send and answers when the test says so. */
function recordingCommit() {
  const requests: string[][] = [];
  const answers: (() => void)[] = [];
  const commit = (offsets: HandledOffset[]) => {
    requests.push(offsets.map(({ topic, partition, offset }) => `${topic}:${partition}@${offset}`));
    return new Promise<void>((resolve) => answers.push(resolve));
  };
  const answerAll = async () => {
    while (answers.length > 0) {
      answers.splice(0).forEach((answer) => answer());
      await nextTurn();
    }
  };
  return { commit, requests, answerAll };
}

describe('OffsetCommits', () => {
  it('submit should send the partitions handed over together in one request, and those that waited for it in the next', async () => {
    const { commit, requests, answerAll } = recordingCommit();
    const commits = new OffsetCommits(commit);
    commits.submit('t', 0, '9');
    commits.submit('t', 1, '4');
    await nextTurn();
    expect(requests).toEqual([['t:0@9', 't:1@4']]);
    commits.submit('t', 0, '19');
    commits.submit('t', 2, '7');
    commits.submit('t', 0, '29');
    await nextTurn();
    expect(requests).toHaveLength(1);
    await answerAll();
    expect(requests).toEqual([
      ['t:0@9', 't:1@4'],
      ['t:0@29', 't:2@7'],
    ]);
  });

  it('drain should settle only once every offset submitted so far has been answered', async () => {
    const { commit, requests, answerAll } = recordingCommit();
    const commits = new OffsetCommits(commit);
    commits.submit('t', 0, '9');
    await nextTurn();
    commits.submit('t', 1, '19');
    let drained = false;
    const draining = commits.drain().then(() => (drained = true));
    await nextTurn();
    expect(drained).toBe(false);
    await answerAll();
    await draining;
    expect(drained).toBe(true);
    expect(requests).toEqual([['t:0@9'], ['t:1@19']]);
  });

  it('dropWaiting should leave the commit in flight but never send the offsets waiting behind it', async () => {
    const { commit, requests, answerAll } = recordingCommit();
    const commits = new OffsetCommits(commit);
    commits.submit('t', 0, '9');
    await nextTurn();
    commits.submit('t', 0, '19');
    commits.submit('t', 1, '3');
    commits.dropWaiting();
    await answerAll();
    await commits.drain();
    expect(requests).toEqual([['t:0@9']]);
  });

  it('drain should settle at once when nothing is being committed', async () => {
    const commits = new OffsetCommits(() => new Promise<void>(() => undefined));
    await expect(commits.drain()).resolves.toBeUndefined();
  });
});
