export * from './attributes.js'
export * from './error-types.js'
export * from './metrics.js'
