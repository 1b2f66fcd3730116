// Vite bundles the file as its own script and hands back its URL (see captureWorklet.ts).
declare module '*?worker&url' {
  const url: string;
  export default url;
}
