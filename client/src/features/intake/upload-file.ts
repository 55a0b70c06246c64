import { i18n, requestLanguage } from '../../i18n';

/** The type a file is sent as: the browser's when it gives one, else from the name (some give CSVs none). */
function fileType(file: File): string {
  if (file.type) return file.type;
  if (/\.xlsx$/i.test(file.name)) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (/\.(csv|txt)$/i.test(file.name)) return 'text/csv';
  return 'application/octet-stream';
}

/**
 * POSTs a file as the raw body to /api/v1/imports/uploads on the session, telling `onProgress` the share sent
 * (0..1). XHR rather than fetch: only XHR reports upload progress. Rejects with the server's message (in the
 * page's language) or a network message.
 */
export function uploadImportFile<T>(
  file: File,
  query: { team: string; source: string | null },
  onProgress: (share: number) => void,
): Promise<T> {
  const params = new URLSearchParams({ team: query.team, name: file.name });
  if (query.source) params.set('source', query.source);
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/imports/uploads?${params}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', fileType(file));
    xhr.setRequestHeader('x-doorstep-locale', requestLanguage());
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = xhr.response as { error?: { message?: string } } | null;
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(new Error(body?.error?.message ?? i18n.t('errors.network')));
    };
    xhr.onerror = () => reject(new Error(i18n.t('errors.network')));
    xhr.send(file);
  });
}
