export async function scaleChecks() {}
