/** @module @cf-devices/client — under construction. */
export {};
