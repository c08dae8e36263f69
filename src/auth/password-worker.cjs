// Piscina worker: bcrypt off the main event loop (bcryptjs blocks its thread 70-330 ms per
// hash). Plain CommonJS so that it runs as-is from src/ (tests) and from the package (dist).
const bcrypt = require('bcryptjs');

module.exports = function passwordTask(task) {
  if (task.op === 'hash') return bcrypt.hashSync(task.password, task.cost);
  if (task.op === 'compare') return bcrypt.compareSync(task.password, task.hash);
  throw new Error(`unknown password task ${task.op}`);
};
