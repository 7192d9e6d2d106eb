/**
 * Copy link (browser edition): the page's address with the design in it (share-link.ts), on the
 * clipboard, so it can be sent. It is built from the document now, not read from the address
 * bar, which follows edits a moment later.
 */
import { useDocumentStore } from '../store/document';
import { useViewStore } from '../store/view';
import { MAX_LINK_CHARS, shareFragment } from './share-link';

export async function copyShareLink(): Promise<void> {
  const view = useViewStore.getState();
  const doc = useDocumentStore.getState();
  if (doc.setup.design.nodes.length === 0) {
    view.notify({ tone: 'info', text: 'There is nothing to link to yet: add layers first.' });
    return;
  }
  const fragment = shareFragment(doc);
  if (!fragment) {
    view.notify({
      tone: 'warning',
      text: `This design is too large for a link (links hold ${MAX_LINK_CHARS.toLocaleString('en-US')} characters): save it and send the file instead.`,
    });
    return;
  }
  const link = `${window.location.origin}${window.location.pathname}${window.location.search}${fragment}`;
  const fromAddressBar = 'The address bar holds the same link: copy it from there.';
  // Browsers give the clipboard only to pages served over HTTPS or from this computer.
  if (!('clipboard' in navigator)) {
    view.notify({ tone: 'warning', text: `This browser gives the page no clipboard (it is served neither over HTTPS nor from this computer). ${fromAddressBar}` });
    return;
  }
  try {
    await navigator.clipboard.writeText(link);
  } catch (error) {
    view.notify({ tone: 'warning', text: `The browser did not let the page copy the link (${error instanceof Error ? error.message : String(error)}). ${fromAddressBar}` });
    return;
  }
  view.notify({
    tone: 'info',
    text: 'Link copied. It opens this design with its task and training settings; the weights stay here, and training it again gives the same numbers.',
  });
}
