export * from "./users";
export * from "./apis";
export * from "./applications";
export * from "./keys";
export * from "./throttling";
export * from "./engagement";
export * from "./usage";
export * from "./audit";
