// npm run contracts:generate | contracts:check | contracts:release
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { publishedJsonSchemas } from '@tacocloud/messaging';
import { generatedDocuments } from './documents.js';
import { checkCompatibility, formatBreak, readReleased, release } from './gate.js';
import { workspaceRoot } from './paths.js';

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'generate':
      for (const { file, content } of await generatedDocuments()) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
        console.log(`wrote ${relative(workspaceRoot, file)}`);
      }
      return 0;
    case 'check': {
      const released = readReleased();
      const breaks = checkCompatibility(released, publishedJsonSchemas());
      if (breaks.length === 0) {
        console.log(`contracts: ${released.length} released message version(s) checked, no breaking change.`);
        return 0;
      }
      console.error(`contracts: ${breaks.length} breaking change(s) against the released schemas:`);
      for (const change of breaks) console.error(`  - ${formatBreak(change)}`);
      console.error('A breaking change needs a new message version published side by side (see docs/contract.md, "Versioning").');
      return 1;
    }
    case 'release': {
      const { written, breaks } = release();
      if (breaks.length > 0) {
        console.error('contracts: refusing to release over breaking changes:');
        for (const change of breaks) console.error(`  - ${formatBreak(change)}`);
        return 1;
      }
      for (const file of written) console.log(`released contracts/released/${file}`);
      return 0;
    }
    default:
      console.error('usage: npm run contracts:generate | contracts:check | contracts:release');
      return 2;
  }
}

process.exitCode = await main(process.argv[2]);
