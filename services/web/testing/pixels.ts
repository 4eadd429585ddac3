// Counts the pixels of given colours in a PNG, decoded by the browser itself
// (so the test needs no image library): how a test tells a drawn chart from
// a blank canvas.
import type { Page } from 'playwright-core';

export type Rgb = readonly [number, number, number];

/** Pixels within a small distance of each colour, in the order given. */
export async function countColours(page: Page, png: Buffer, colours: readonly Rgb[]): Promise<number[]> {
  // A string, not a function: this file is compiled for Node, without the DOM's types.
  const script = `(async () => {
    const colours = ${JSON.stringify(colours)};
    const image = new Image();
    image.src = 'data:image/png;base64,${png.toString('base64')}';
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const counts = colours.map(() => 0);
    for (let i = 0; i < data.length; i += 4) {
      const k = colours.findIndex((c) => Math.abs(data[i] - c[0]) + Math.abs(data[i + 1] - c[1]) + Math.abs(data[i + 2] - c[2]) < 24);
      if (k >= 0) counts[k] += 1;
    }
    return counts;
  })()`;
  return (await page.evaluate(script)) as number[];
}
