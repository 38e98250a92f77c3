import { describe, expect, it } from 'vitest';
import { OffsetCommits } from './offset-commits.js';

/** A commit that records what it was asked and answers when the test says so. */
function recordingCommit() {
  const asked: string[] = [];
  const answers: (() => void)[] = [];
  const commit = (topic: string, partition: number, offset: string) => {
    asked.push(`${topic}:${partition}@${offset}`);
    return new Promise<void>((resolve) => answers.push(resolve));
  };
  const answerAll = async () => {
    while (answers.length > 0) {
      answers.splice(0).forEach((answer) => answer());
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { commit, asked, answerAll };
}

describe('OffsetCommits', () => {
  it('submit should commit at once, one commit in flight per partition, and then only the newest offset that waited', async () => {
    const { commit, asked, answerAll } = recordingCommit();
    const commits = new OffsetCommits(commit);
    commits.submit('t', 0, '9');
    commits.submit('t', 1, '4');
    commits.submit('t', 0, '19');
    commits.submit('t', 0, '29');
    expect(asked).toEqual(['t:0@9', 't:1@4']);
    await answerAll();
    expect(asked).toEqual(['t:0@9', 't:1@4', 't:0@29']);
    commits.submit('t', 0, '39');
    expect(asked.at(-1)).toBe('t:0@39');
  });

  it('drain should settle only once every offset submitted so far has been answered', async () => {
    const { commit, answerAll } = recordingCommit();
    const commits = new OffsetCommits(commit);
    commits.submit('t', 0, '9');
    commits.submit('t', 0, '19');
    let drained = false;
    const draining = commits.drain().then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    await answerAll();
    await draining;
    expect(drained).toBe(true);
  });

  it('dropWaiting should leave the commit in flight but never send the offsets waiting behind it', async () => {
    const { commit, asked, answerAll } = recordingCommit();
    const commits = new OffsetCommits(commit);
    commits.submit('t', 0, '9');
    commits.submit('t', 0, '19');
    commits.dropWaiting();
    await answerAll();
    await commits.drain();
    expect(asked).toEqual(['t:0@9']);
  });

  it('drain should settle at once when nothing is being committed', async () => {
    const commits = new OffsetCommits(() => new Promise<void>(() => undefined));
    await expect(commits.drain()).resolves.toBeUndefined();
  });
});
